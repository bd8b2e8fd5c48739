using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Matching.Text;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Occupations;

/// <summary>Find occupations by a job title as people write it, each with the skills it needs.</summary>
public static class SearchOccupations
{
    [Anonymous]
    public sealed record Query(string? Q, string? Lang = "nl", int Take = 10) : IQuery<Response>;

    public sealed record Response(IReadOnlyList<Hit> Items, string? Attribution);

    public sealed record Hit(Guid Id, string Label, string? LabelEn, string? LabelNl, string? IscoCode, string? EscoUri, string? Sector,
        string MatchedLabel, double Score, IReadOnlyList<SkillRef> EssentialSkills, IReadOnlyList<SkillRef> OptionalSkills);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).NotEmpty().MaximumLength(200)
                .Must(q => q is null || SearchText.Normalise(q).Length >= LabelSearch.MinimumQueryLength)
                .WithMessage($"Type at least {LabelSearch.MinimumQueryLength} letters or digits.");
            RuleFor(q => q.Lang).In(Vocabulary.Languages);
            RuleFor(q => q.Take).InclusiveBetween(1, 50);
        }
    }

    sealed record Row(Guid Id, string Label, string? LabelEn, string? LabelNl, string? IscoCode, string? EscoUri, string? Sector);

    public sealed class Handler(NpgsqlDataSource dataSource, LabelSearch search) : IQueryHandler<Query, Response>
    {
        const string Sql = """
            select occupation_id as id, coalesce(case when @lang = 'nl' then label_nl end, label_en, label_nl) as label,
                   label_en, label_nl, isco_code, esco_uri, sector
            from occupation where occupation_id = any(@ids)
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var lang = query.Lang ?? "nl";
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var indexes = await search.CurrentAsync(connection, cancellationToken);
            var hits = indexes.Occupations.Search(query.Q!, preferDutch: lang == "nl", query.Take);
            var ids = hits.Select(h => indexes.OccupationIds[h.Concept]).ToArray();
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, new { ids, lang }, cancellationToken: cancellationToken))).ToDictionary(r => r.Id);
            var skills = await OccupationSkills.ForAsync(connection, ids, lang, cancellationToken);
            var items = hits.Zip(ids)
                .Where(x => rows.ContainsKey(x.Second))
                .Select(x => (Hit: x.First, Row: rows[x.Second]))
                .Select(x => new Hit(x.Row.Id, x.Row.Label, x.Row.LabelEn, x.Row.LabelNl, x.Row.IscoCode, x.Row.EscoUri, x.Row.Sector, x.Hit.Label, x.Hit.Score,
                    skills[(x.Row.Id, "essential")].ToList(), skills[(x.Row.Id, "optional")].ToList()))
                .ToList();
            return new Response(items, EscoAttribution.For(items.Select(h => h.EscoUri)));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/occupations", async (string? q, string? lang, int? take, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(q, lang ?? "nl", take ?? 10), ct)))
            .WithName("SearchOccupations")
            .WithSummary("Search occupations by job title (Dutch or English); each result lists its essential and optional skills.");
}
