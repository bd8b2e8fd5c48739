using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Occupations;

/// <summary>One occupation with its essential and optional skills.</summary>
public static class GetOccupation
{
    [Anonymous]
    public sealed record Query(Guid Id, string Lang = "nl") : IQuery<Response>;

    public sealed record Response(Guid Id, string? LabelEn, string? LabelNl, string? IscoCode, string? EscoUri, string? Sector,
        IReadOnlyList<SkillRef> EssentialSkills, IReadOnlyList<SkillRef> OptionalSkills, string? Attribution);

    sealed record Row(Guid Id, string? LabelEn, string? LabelNl, string? IscoCode, string? EscoUri, string? Sector);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        const string Sql = "select occupation_id as id, label_en, label_nl, isco_code, esco_uri, sector from occupation where occupation_id = @id";

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { id = query.Id }, cancellationToken: cancellationToken))
                ?? throw new NotFoundException("Occupation", query.Id);
            var skills = await OccupationSkills.ForAsync(connection, [row.Id], query.Lang, cancellationToken);
            return new Response(row.Id, row.LabelEn, row.LabelNl, row.IscoCode, row.EscoUri, row.Sector,
                skills[(row.Id, "essential")].ToList(), skills[(row.Id, "optional")].ToList(), EscoAttribution.For([row.EscoUri]));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/occupations/{id:guid}", async (Guid id, string? lang, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id, lang == "en" ? "en" : "nl"), ct)))
            .WithName("GetOccupation");
}
