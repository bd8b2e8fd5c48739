using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>The coach proposes introducing a shortlisted person to the employer; the person then accepts or declines.</summary>
public static class ProposeIntroduction
{
    [AllowedFor(Role.Coach)]
    public sealed record Command(Guid EntryId) : ICommand<GetShortlist.Response>;

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : ICommandHandler<Command, GetShortlist.Response>
    {
        public async ValueTask<GetShortlist.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            Guid vacancy;
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                var entry = await Shortlists.ReadForAsync(connection, transaction, user, command.EntryId, cancellationToken);
                Shortlists.EnsureCanMove(entry, "proposed");
                await Shortlists.ChangeStatusAsync(connection, transaction, user, entry.ShortlistEntryId, entry.Status, "proposed", null, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                vacancy = entry.VacancyId;
            }

            return new GetShortlist.Response(vacancy, await GetShortlist.ReadAsync(connection, vacancy, forEmployer: false, cancellationToken));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/shortlist/{id:guid}/introduction", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Command(id), ct)))
            .WithName("ProposeIntroduction")
            .WithSummary("Coach: propose introducing this shortlisted person to the employer.");
}
