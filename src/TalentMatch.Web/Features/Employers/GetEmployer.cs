using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Employers;

public static class GetEmployer
{
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Response(Guid Id, string Name, string? Sector, string? Postcode, string? City);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await connection.QuerySingleOrDefaultAsync<Response>(new CommandDefinition(
                       "select employer_id as id, name, sector, postcode, city from employer where employer_id = @id", new { id = query.Id }, cancellationToken: cancellationToken))
                   ?? throw new NotFoundException("Employer", query.Id);
        }
    }

    public static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from employer where employer_id = @id)", new { id }, cancellationToken: ct));
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/employers/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetEmployer");
        api.MapGet("/employers", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListEmployers.Query(), ct)))
            .WithName("ListEmployers");
    }
}

public static class ListEmployers
{
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Query : IQuery<IReadOnlyList<GetEmployer.Response>>;

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, IReadOnlyList<GetEmployer.Response>>
    {
        public async ValueTask<IReadOnlyList<GetEmployer.Response>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return (await connection.QueryAsync<GetEmployer.Response>(new CommandDefinition(
                "select employer_id as id, name, sector, postcode, city from employer order by name limit 1000", cancellationToken: cancellationToken))).AsList();
        }
    }
}
