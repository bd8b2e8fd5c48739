using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Matching.Text;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Features.Skills;

/// <summary>Find skills by what a person types, in Dutch or English, best first.</summary>
public static class SearchSkills
{
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

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        static readonly (string, string) Sql = (Template(similarWords: false), Template(similarWords: true));

        static string Template(bool similarWords) => $"""
            with best as ({LabelSearch.BestLabelsSql("skill_label", "skill_id", similarWords)})
            select s.skill_id as id,
                   case when @lang = 'nl' then coalesce(s.label_nl, s.label_en) else s.label_en end as label,
                   s.label_en, s.label_nl, s.skill_type, s.reuse_level, s.esco_uri, b.matched_label, b.score
            from best b join skill s on s.skill_id = b.concept_id
            order by b.score desc, s.label_en
            limit @take
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var hits = await LabelSearch.RunAsync<Hit>(connection, Sql, query.Q!, query.Lang ?? "nl", query.Take, h => h.Id, cancellationToken);
            return new Response(hits, EscoAttribution.For(hits.Select(h => h.EscoUri)));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/skills", async (string? q, string? lang, int? take, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(q, lang ?? "nl", take ?? 10), ct)))
            .WithName("SearchSkills")
            .WithSummary("Search skills by Dutch or English label, tolerant of typos, accents and partial words.");
}
