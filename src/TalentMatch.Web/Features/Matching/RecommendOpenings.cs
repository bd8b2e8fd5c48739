using System.Runtime.CompilerServices;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// The moment Talent op Maat is about: for a saved profile, the vacancies and internship places that fit,
/// each with why (matched skills at level, missing essential and optional skills, the main reasons).
/// The profile comes from matching's profile cache, which drops it the instant this app saves it and within a
/// second of any other writer's change, so matches reflect a saved profile at once.
/// </summary>
public static class RecommendOpenings
{
    [AllowedFor(Role.JobSeeker, Role.Coach)]
    public sealed record Query(Guid ProfileId, int Take = 20, string? Kind = null, string Lang = "nl") : IQuery<Response>;

    /// <param name="TrainingModules">Every module the items' training names, each once; an item's training refers to them by id.</param>
    public sealed record Response(Guid ProfileId, string ModelVersion, IReadOnlyList<Item> Items, IReadOnlyList<TrainingModuleView> TrainingModules);

    /// <param name="Training">Modules (by id, see <see cref="Response.TrainingModules"/>) that close the gap, with the score and rank after them; null when
    /// nothing is missing or no module teaches it.</param>
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

    public sealed class Handler(NpgsqlDataSource dataSource, MatchingState state, MatchListCache cache, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var snapshot = await state.CurrentAsync(cancellationToken);
            var profile = await ProfileLoader.ReadableAsync(dataSource, state, snapshot.Engine.Space, user, query.ProfileId, cancellationToken);

            // Everything the list depends on, read before it is computed (see MatchListCache).
            var basis = new MatchListCache.Basis(profile, snapshot, state.OpeningsGeneration, state.Scorer,
                await state.Training.GetAsync(dataSource, cancellationToken), Days.Of(DateOnly.FromDateTime(DateTime.UtcNow)));
            var key = new MatchListCache.Key(query.ProfileId, query.Take, query.Kind, query.Lang);
            if (!cache.TryGet(key, basis, out var response))
            {
                response = Compute(query, basis);
                cache.Store(key, basis, response);
            }

            if (RankingLog.MustRecord(user))
            {
                // A coach looking at someone's matches: which openings were put before the person, and in what order.
                await RankingLog.RecordAsync(dataSource, user, "matches", null, query.ProfileId, response.ModelVersion,
                    response.Items.Select(i => new RankingLog.Entry(i.Rank, i.Id, i.Score, i.Explanation)).ToList(), peopleRanked: false, cancellationToken);
            }

            return response;
        }

        static Response Compute(Query query, MatchListCache.Basis basis)
        {
            if (basis.Profile.Person is not { } person)
            {
                // A profile without skills the taxonomy knows has nothing to match on.
                return new Response(query.ProfileId, basis.Scorer.Version, [], []);
            }

            var snapshot = basis.Snapshot;
            Func<Opening, bool>? kind = query.Kind switch { "job" => o => !o.IsInternship, "internship" => o => o.IsInternship, _ => null };
            var matches = snapshot.Engine.OpeningsFor(person, query.Take, basis.Today, kind);
            var training = TrainingGaps.Suggest(snapshot, basis.Catalogue, basis.Scorer, person, matches, query.Lang);
            var items = new List<Item>(matches.Count);
            foreach (var match in matches)
            {
                if (snapshot.Cards.TryGetValue(match.Item.Id, out var card))
                {
                    items.Add(new Item(match.Rank, match.Score, card.Id, card.Kind, card.Title, card.EmployerId, card.EmployerName, card.Postcode,
                        MatchViews.Explain(snapshot, match.Explanation, query.Lang), training.ByOpening.GetValueOrDefault(card.Id)));
                }
            }

            return new Response(query.ProfileId, basis.Scorer.Version, items, training.Modules);
        }
    }

    /// <summary>
    /// Each kept list's answer as sent, made once: a kept list is the same object every time it is read, so writing its JSON
    /// again for each request would be the largest cost of answering from it. An entry lives as long as its list.
    /// </summary>
    static readonly ConditionalWeakTable<Response, byte[]> Written = new();

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/profiles/{id:guid}/matches", async (Guid id, int? take, string? kind, string? lang, ISender sender, MatchListCache cache,
                IOptions<JsonOptions> json, CancellationToken ct) =>
            {
                var response = await sender.Send(new Query(id, take ?? 20, kind, lang ?? "nl"), ct);
                return cache.Enabled
                    ? (IResult)TypedResults.Bytes(Written.GetValue(response, r => JsonSerializer.SerializeToUtf8Bytes(r, json.Value.SerializerOptions)),
                        "application/json; charset=utf-8")
                    : TypedResults.Ok(response);
            })
            .Produces<Response>()
            .WithName("RecommendOpenings")
            .WithSummary("Vacancies and internship places that fit a profile, best first, each with its explanation.");
}
