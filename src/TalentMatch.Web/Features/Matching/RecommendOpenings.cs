using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// The moment Talent op Maat is about: for a saved profile, the vacancies and internship places that fit,
/// each with why (matched skills at level, missing essential and optional skills, the main reasons).
/// The profile is read fresh from the database, so matches reflect it the instant it is saved.
/// </summary>
public static class RecommendOpenings
{
    [AllowedFor(Role.JobSeeker, Role.Coach)]
    public sealed record Query(Guid ProfileId, int Take = 20, string? Kind = null, string Lang = "nl") : IQuery<Response>;

    public sealed record Response(Guid ProfileId, string ModelVersion, IReadOnlyList<Item> Items);

    /// <param name="Training">Modules that close the gap, with the score and rank after them; null when nothing is missing or no module teaches it.</param>
    public sealed record Item(int Rank, float Score, Guid Id, string Kind, string Title, Guid EmployerId, string EmployerName, string Postcode, ExplanationView Explanation,
        TrainingSuggestion? Training);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Take).InclusiveBetween(1, 100);
            RuleFor(q => q.Kind).In(["job", "internship"]);
            RuleFor(q => q.Lang).In(Vocabulary.Languages);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource, MatchingState state, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await ProfileAccess.EnsureCanReadAsync(dataSource, user, query.ProfileId, cancellationToken);
            var snapshot = await state.CurrentAsync(cancellationToken);
            var person = await ProfileLoader.LoadAsync(dataSource, snapshot.Engine.Space, query.ProfileId, cancellationToken);
            if (person is null)
            {
                // A profile whose skills the taxonomy no longer knows has nothing to match on.
                return new Response(query.ProfileId, state.Scorer.Version, []);
            }

            var today = Days.Of(DateOnly.FromDateTime(DateTime.UtcNow));
            Func<Opening, bool>? kind = query.Kind switch { "job" => o => !o.IsInternship, "internship" => o => o.IsInternship, _ => null };
            var matches = snapshot.Engine.OpeningsFor(person, query.Take, today, kind);
            var training = await TrainingGaps.SuggestAsync(dataSource, snapshot, person, matches, query.Lang, cancellationToken);
            var items = matches
                .Select(m => (Match: m, Card: snapshot.Cards.GetValueOrDefault(m.Item.Id)))
                .Where(x => x.Card is not null)
                .Select(x => new Item(x.Match.Rank, x.Match.Score, x.Card!.Id, x.Card.Kind, x.Card.Title, x.Card.EmployerId, x.Card.EmployerName, x.Card.Postcode,
                    MatchViews.Explain(snapshot, x.Match.Explanation, query.Lang), training.GetValueOrDefault(x.Card.Id)))
                .ToList();
            if (RankingLog.MustRecord(user))
            {
                // A coach looking at someone's matches: which openings were put before the person, and in what order.
                await RankingLog.RecordAsync(dataSource, user, "matches", null, query.ProfileId, snapshot.Engine.Scorer.Version,
                    items.Select(i => new RankingLog.Entry(i.Rank, i.Id, i.Score, i.Explanation)).ToList(), peopleRanked: false, cancellationToken);
            }

            return new Response(query.ProfileId, snapshot.Engine.Scorer.Version, items);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/profiles/{id:guid}/matches", async (Guid id, int? take, string? kind, string? lang, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id, take ?? 20, kind, lang ?? "nl"), ct)))
            .WithName("RecommendOpenings")
            .WithSummary("Vacancies and internship places that fit a profile, best first, each with its explanation.");
}
