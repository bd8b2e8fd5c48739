using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;

namespace TalentMatch.Web.Features.Employers;

public static class GetEmployer
{
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
