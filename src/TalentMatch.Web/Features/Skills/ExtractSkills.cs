using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Matching.Text;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Features.Skills;

/// <summary>
/// Proposes taxonomy skills for a pasted text (a vacancy, a CV paragraph) in Dutch or English, each with the
/// characters it came from, for a person to confirm. Reads only: nothing of the text is stored.
/// </summary>
public static class ExtractSkills
{
    public const int MaximumLength = 20_000;

    // Open to every signed-in person (employers paste vacancies, job seekers start a profile from a text); signing in
    // puts this CPU-heavy call under the per-account rate limit. Nothing is stored or tied to the person.
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Query(string? Text, string? Lang = null, int Take = 20) : IQuery<Response>;

    public sealed record Response(string Language, IReadOnlyList<ProposedSkill> Items, string? Attribution);

    public sealed record ProposedSkill(Guid Id, string Label, string LabelEn, string? LabelNl, string? EscoUri, double Confidence,
        string? MatchedLabel, IReadOnlyList<Evidence> Evidence);

    public sealed record Evidence(int Start, int Length, string Text);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(c => c.Text).NotEmpty().MaximumLength(MaximumLength)
                .Must(LooksLikeText!).When(c => !string.IsNullOrEmpty(c.Text), ApplyConditionTo.CurrentValidator)
                .WithMessage("The text looks binary or garbled: send plain text in Dutch or English.");
            RuleFor(c => c.Lang).In(Vocabulary.Languages).When(c => c.Lang is not null);
            RuleFor(c => c.Take).InclusiveBetween(1, 100);
        }

        /// <summary>
        /// Mostly letters, and no replacement characters left by a wrong decoding; control characters are refused
        /// for every message by the validation behaviour.
        /// </summary>
        static bool LooksLikeText(string text)
        {
            int letters = 0, visible = 0;
            foreach (var c in text)
            {
                if (c == '\uFFFD')
                {
                    return false;
                }

                if (!char.IsWhiteSpace(c))
                {
                    visible++;
                    if (char.IsLetter(c))
                    {
                        letters++;
                    }
                }
            }

            return visible > 0 && letters >= visible / 2;
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource, SkillExtraction extraction) : IQueryHandler<Query, Response>
    {
        const string Sql = """
            select skill_id as id, label_en, label_nl, esco_uri from skill where skill_id = any(@ids)
            """;

        sealed record Row(Guid Id, string LabelEn, string? LabelNl, string? EscoUri);

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var text = query.Text!;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var current = await extraction.CurrentAsync(connection, cancellationToken);
            TextLanguage? language = query.Lang switch { "nl" => TextLanguage.Dutch, "en" => TextLanguage.English, _ => null };
            // Proposals below this are mostly single common words; a person confirming them would only be slowed down.
            var result = current.Extractor.Extract(text, language, query.Take, minimumConfidence: 0.2);
            var ids = result.Skills.Select(s => current.SkillIds[s.Concept]).ToArray();
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, new { ids }, cancellationToken: cancellationToken))).ToDictionary(r => r.Id);
            var dutch = result.Language == TextLanguage.Dutch;
            var items = result.Skills.Zip(ids)
                .Where(x => rows.ContainsKey(x.Second))
                .Select(x => (Skill: x.First, Row: rows[x.Second]))
                .Select(x => new ProposedSkill(x.Row.Id, dutch ? x.Row.LabelNl ?? x.Row.LabelEn : x.Row.LabelEn, x.Row.LabelEn, x.Row.LabelNl, x.Row.EscoUri,
                    x.Skill.Confidence, x.Skill.MatchedLabel, x.Skill.Evidence.Select(e => new Evidence(e.Start, e.Length, text.Substring(e.Start, e.Length))).ToList()))
                .ToList();
            return new Response(dutch ? "nl" : "en", items, EscoAttribution.For(items.Select(i => i.EscoUri)));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/skills/extract", async (Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("ExtractSkills")
            .WithSummary("Propose skills for a vacancy or CV text (Dutch or English, detected when lang is left out), best first, with the characters each came from. Nothing is stored.");
}
