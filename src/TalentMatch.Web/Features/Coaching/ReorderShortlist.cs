using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>The coach overrides the order: the ranking suggests, the person decides.</summary>
public static class ReorderShortlist
{
    [AllowedFor(Role.Coach)]
    public sealed record Command(Guid VacancyId, IReadOnlyList<Guid>? EntryIds) : ICommand<GetShortlist.Response>;

    public sealed record Body(IReadOnlyList<Guid>? EntryIds);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.EntryIds).NotEmpty().Must(ids => ids is null || ids.Distinct().Count() == ids.Count).WithMessage("Each entry at most once.");
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, GetShortlist.Response>
    {
        public async ValueTask<GetShortlist.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                var current = (await connection.QueryAsync<Guid>(new CommandDefinition(
                    "select shortlist_entry_id from shortlist_entry where vacancy_id = @VacancyId for update", command, transaction, cancellationToken: cancellationToken))).ToHashSet();
                if (current.Count == 0)
                {
                    throw new NotFoundException("Shortlist", command.VacancyId);
                }

                if (!current.SetEquals(command.EntryIds!))
                {
                    throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("EntryIds", "Give every entry of this shortlist exactly once.")]);
                }

                await connection.ExecuteAsync(new CommandDefinition("""
                    update shortlist_entry e set position = o.position, updated_at = now()
                    from unnest(@ids) with ordinality as o(id, position) where e.shortlist_entry_id = o.id
                    """, new { ids = command.EntryIds!.ToArray() }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }

            return new GetShortlist.Response(command.VacancyId, await GetShortlist.ReadAsync(connection, command.VacancyId, forEmployer: false, cancellationToken));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/vacancies/{id:guid}/shortlist/order", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.EntryIds), ct)))
            .WithName("ReorderShortlist")
            .WithSummary("Coach: put the shortlist in your own order (every entry id once).");
}
