using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Matching.Text;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Skills;

/// <summary>Find skills by what a person types, in Dutch or English, best first.</summary>
public static class SearchSkills
{
    [Anonymous]
    public sealed record Query(string? Q, string? Lang = "nl", int Take = 10) : IQuery<Response>;

    public sealed record Response(IReadOnlyList<Hit> Items, string? Attribution);

    public sealed record Hit(Guid Id, string Label, string LabelEn, string? LabelNl, string? SkillType, string? ReuseLevel, string? EscoUri, string MatchedLabel, double Score);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).NotEmpty().MaximumLength(200)
                .Must(q => q is null || SearchText.Normalise(q).Length >= LabelSearch.MinimumQueryLength)
                .WithMessage($"Type at least {LabelSearch.MinimumQueryLength} letters or digits.");
            RuleFor(q => q.Lang).In(Vocabulary.Languages);
            RuleFor(q => q.Take).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource, LabelSearch search) : IQueryHandler<Query, Response>
    {
        const string Sql = """
            select skill_id as id, label_en, label_nl, skill_type, reuse_level, esco_uri from skill where skill_id = any(@ids)
            """;

        sealed record Row(Guid Id, string LabelEn, string? LabelNl, string? SkillType, string? ReuseLevel, string? EscoUri);

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var lang = query.Lang ?? "nl";
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var indexes = await search.CurrentAsync(connection, cancellationToken);
            var hits = indexes.Skills.Search(query.Q!, preferDutch: lang == "nl", query.Take);
            var ids = hits.Select(h => indexes.SkillIds[h.Concept]).ToArray();
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, new { ids }, cancellationToken: cancellationToken))).ToDictionary(r => r.Id);
            var items = hits.Zip(ids)
                .Where(x => rows.ContainsKey(x.Second))
                .Select(x => (Hit: x.First, Row: rows[x.Second]))
                .Select(x => new Hit(x.Row.Id, lang == "nl" ? x.Row.LabelNl ?? x.Row.LabelEn : x.Row.LabelEn, x.Row.LabelEn, x.Row.LabelNl,
                    x.Row.SkillType, x.Row.ReuseLevel, x.Row.EscoUri, x.Hit.Label, x.Hit.Score))
                .ToList();
            return new Response(items, EscoAttribution.For(items.Select(h => h.EscoUri)));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/skills", async (string? q, string? lang, int? take, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(q, lang ?? "nl", take ?? 10), ct)))
            .WithName("SearchSkills")
            .WithSummary("Search skills by Dutch or English label, tolerant of typos, accents and partial words.");
}
