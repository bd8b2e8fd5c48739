using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>Every pact with its headline numbers, newest academic year first.</summary>
public static class ListPacts
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Query : IQuery<IReadOnlyList<GetPact.Response>>;

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, IReadOnlyList<GetPact.Response>>
    {
        public async ValueTask<IReadOnlyList<GetPact.Response>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var ids = await connection.QueryAsync<Guid>(new CommandDefinition("select pact_id from pact order by academic_year desc, name, pact_id", cancellationToken: cancellationToken));
            var pacts = new List<GetPact.Response>();
            foreach (var id in ids)
            {
                pacts.Add(await GetPact.ReadAsync(connection, id, cancellationToken));
            }

            return pacts;
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/pacts", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListPacts");
}
