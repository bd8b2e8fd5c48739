using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>A host ranks the students it would take on a place, best first, for the stable mode; replaces an earlier ranking.</summary>
public static class RankStudents
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Command(IReadOnlyList<Guid>? RequestIds) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid InternshipId { get; init; }
    }

    public sealed record Response(Guid InternshipId, IReadOnlyList<Guid> RequestIds);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            RuleFor(c => c.RequestIds).NotNull().Must(r => r is null || r.Distinct().Count() == r.Count).WithMessage("Each student at most once.");
            RuleFor(c => c.RequestIds).AllKnown(dataSource, c => c.InternshipId, """
                select count(*) from student_request r
                join pledge p on p.pact_id = r.pact_id join pledge_place lp on lp.pledge_id = p.pledge_id and lp.vacancy_id = @scope
                where r.request_id = any(@ids)
                """, "Unknown student request in this place's pact.");
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from pledge_place where vacancy_id = @InternshipId)",
                    new { command.InternshipId }, transaction, cancellationToken: cancellationToken)))
            {
                throw new NotFoundException("Internship place in a pact", command.InternshipId);
            }

            var ids = command.RequestIds!.ToArray();
            await connection.ExecuteAsync(new CommandDefinition("delete from host_preference where vacancy_id = @InternshipId", new { command.InternshipId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into host_preference (vacancy_id, request_id, rank) select @InternshipId, r, k from unnest(@ids, @ranks) as t(r, k)
                """, new { command.InternshipId, ids, ranks = Enumerable.Range(1, ids.Length).ToArray() }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return new Response(command.InternshipId, ids);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/pact-places/{internshipId:guid}/preferences", async (Guid internshipId, Command command, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { InternshipId = internshipId }, ct)))
            .WithName("RankStudents");
}
