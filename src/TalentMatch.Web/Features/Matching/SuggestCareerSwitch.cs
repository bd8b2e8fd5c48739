using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Matching.Matching;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// Which other occupations fit a person's skills (e.g. from hospitality into care), with what they have and what to add.
/// When a coach asks, the list is about someone else and goes into the ranking log like any other.
/// </summary>
public static class SuggestCareerSwitch
{
    [AllowedFor(Role.JobSeeker, Role.Coach)]
    public sealed record Query(Guid ProfileId, int Take = 10, string Lang = "nl") : IQuery<Response>;

    public sealed record Response(Guid ProfileId, IReadOnlyList<Item> Items, string? Attribution);

    public sealed record Item(int Rank, float Score, Guid OccupationId, string Label, string? Sector, IReadOnlyList<SkillView> SkillsYouHave,
        IReadOnlyList<SkillView> EssentialSkillsToAdd, IReadOnlyList<SkillView> OptionalSkillsToAdd);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Take).InclusiveBetween(1, 50);
            RuleFor(q => q.Lang).In(Vocabulary.Languages);
        }
    }

    /// <summary>Logged as the model version: these lists come from a fixed coverage rule, not from a trained model.</summary>
    public const string CareerSwitchVersion = "career-switch-coverage";

    sealed record OccupationRow(Guid Id, string Label, string? Sector, string? EscoUri);

    public sealed class Handler(NpgsqlDataSource dataSource, MatchingState state, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var snapshot = await state.CurrentAsync(cancellationToken);
            var space = snapshot.Engine.Space;
            var person = await ProfileLoader.LoadReadableAsync(dataSource, state, space, user, query.ProfileId, cancellationToken);
            if (person is null)
            {
                return new Response(query.ProfileId, [], null);
            }

            var fits = CareerSwitch.Rank(space, person, query.Take);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var rows = (await connection.QueryAsync<OccupationRow>(new CommandDefinition("""
                select occupation_id as id, coalesce(case when @lang = 'nl' then label_nl end, label_en, label_nl, esco_uri) as label, sector, esco_uri
                from occupation where occupation_id = any(@ids)
                """, new { ids = fits.Select(f => space.OccupationIds[f.Occupation]).ToArray(), lang = query.Lang }, cancellationToken: cancellationToken)))
                .ToDictionary(r => r.Id);
            var labels = query.Lang == "en" ? snapshot.LabelsEn : snapshot.LabelsNl;
            SkillView View(int skill) => new(space.SkillIds[skill], labels[skill]);
            var items = fits.Select((f, i) => (Fit: f, Row: rows[space.OccupationIds[f.Occupation]], Rank: i + 1))
                .Select(x => new Item(x.Rank, x.Fit.Score, x.Row.Id, x.Row.Label, x.Row.Sector, x.Fit.Held.Select(View).ToList(),
                    x.Fit.MissingEssential.Select(View).ToList(), x.Fit.MissingOptional.Select(View).ToList()))
                .ToList();
            if (RankingLog.MustRecord(user))
            {
                // Coverage of an occupation's skills, not the learned model, ranks these; occupations ask for no level.
                var entries = fits.Zip(items, (f, item) => new RankingLog.Entry(item.Rank, item.OccupationId, item.Score, new ExplanationView(
                    f.Held.Select(s => new MatchedSkillView(space.SkillIds[s], labels[s], person.Levels[Array.BinarySearch(person.Skills, s)], 0,
                        Array.IndexOf(space.OccupationEssential[f.Occupation], s) >= 0)).ToList(),
                    item.EssentialSkillsToAdd, item.OptionalSkillsToAdd, [new ReasonView("occupation_coverage", f.Score, f.Score)]))).ToList();
                await RankingLog.RecordAsync(dataSource, user, "occupations", null, query.ProfileId, CareerSwitchVersion, entries, peopleRanked: false, cancellationToken);
            }

            return new Response(query.ProfileId, items, EscoAttribution.For(rows.Values.Select(r => r.EscoUri)));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/profiles/{id:guid}/occupations", async (Guid id, int? take, string? lang, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id, take ?? 10, lang ?? "nl"), ct)))
            .WithName("SuggestCareerSwitch")
            .WithSummary("Occupations ranked by how well a person's skills fit them, with the skills to add.");
}
