using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Matching.Text;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Features.Occupations;

/// <summary>Find occupations by a job title as people write it, each with the skills it needs.</summary>
public static class SearchOccupations
{
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

    sealed record Row(Guid Id, string Label, string? LabelEn, string? LabelNl, string? IscoCode, string? EscoUri, string? Sector, string MatchedLabel, double Score);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        static readonly (string, string) Sql = (Template(similarWords: false), Template(similarWords: true));

        static string Template(bool similarWords) => $"""
            with best as ({LabelSearch.BestLabelsSql("occupation_label", "occupation_id", similarWords)})
            select o.occupation_id as id,
                   coalesce(case when @lang = 'nl' then o.label_nl end, o.label_en, o.label_nl) as label,
                   o.label_en, o.label_nl, o.isco_code, o.esco_uri, o.sector, b.matched_label, b.score
            from best b join occupation o on o.occupation_id = b.concept_id
            order by b.score desc, o.label_en
            limit @take
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var lang = query.Lang ?? "nl";
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var rows = await LabelSearch.RunAsync<Row>(connection, Sql, query.Q!, lang, query.Take, h => h.Id, cancellationToken);
            var skills = await OccupationSkills.ForAsync(connection, rows.Select(r => r.Id).ToArray(), lang, cancellationToken);
            var hits = rows.Select(r => new Hit(r.Id, r.Label, r.LabelEn, r.LabelNl, r.IscoCode, r.EscoUri, r.Sector, r.MatchedLabel, r.Score,
                skills[(r.Id, "essential")].ToList(), skills[(r.Id, "optional")].ToList())).ToList();
            return new Response(hits, EscoAttribution.For(hits.Select(h => h.EscoUri)));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/occupations", async (string? q, string? lang, int? take, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(q, lang ?? "nl", take ?? 10), ct)))
            .WithName("SearchOccupations")
            .WithSummary("Search occupations by job title (Dutch or English); each result lists its essential and optional skills.");
}
