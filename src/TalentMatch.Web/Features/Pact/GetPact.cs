using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>A pact with its headline numbers: target, pledged, offered and started places.</summary>
public static class GetPact
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Response(Guid Id, string Name, string Region, string AcademicYear, int TargetPlaces, long Partners, long Pledged, long Offered,
        long Searching, long Started);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await ReadAsync(connection, query.Id, cancellationToken);
        }
    }

    internal static async Task<Response> ReadAsync(NpgsqlConnection connection, Guid id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<Response>(new CommandDefinition("""
            select p.pact_id as id, p.name, p.region, p.academic_year, p.target_places,
                   (select count(*) from pact_partner pp where pp.pact_id = p.pact_id) as partners,
                   (select coalesce(sum(pl.places), 0) from pledge pl where pl.pact_id = p.pact_id) as pledged,
                   (select coalesce(sum(i.places), 0) from pledge pl join pledge_place lp on lp.pledge_id = pl.pledge_id
                      join internship_place i on i.vacancy_id = lp.vacancy_id where pl.pact_id = p.pact_id) as offered,
                   (select count(*) from student_request r where r.pact_id = p.pact_id) as searching,
                   (select count(*) from placement pm where pm.pact_id = p.pact_id and pm.status in ('started', 'completed')) as started
            from pact p where p.pact_id = @id
            """, new { id }, cancellationToken: ct)) ?? throw new NotFoundException("Pact", id);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/pacts/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetPact");
}
