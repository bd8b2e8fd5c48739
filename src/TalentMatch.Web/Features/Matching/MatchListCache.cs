using System.Collections.Concurrent;
using TalentMatch.Matching.Matching;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// A person's match list, kept while nothing it was computed from has changed, so reading it again costs no
/// re-ranking. A list depends on the profile, the open openings and their cards, the taxonomy, the ranking model,
/// the training catalogue and today's date (openings close), and on nothing else: an entry is served only when
/// every one of those is the very same as when it was computed. Each of them is replaced, never changed in place,
/// except the openings index, whose changes <see cref="MatchingState.OpeningsGeneration"/> counts. So a change
/// that reaches matching reaches the next answer, cached or not, and the freshness promise of one second holds.
/// <c>TalentMatch:Matching:CacheMatchLists</c> set to false turns it off.
/// </summary>
public sealed class MatchListCache(IConfiguration configuration)
{
    /// <summary>
    /// Beyond this many lists (<c>TalentMatch:Matching:MatchListsKept</c>) the cache starts again: it exists for people
    /// reading their lists repeatedly, and a list with explanations and training is tens of objects per match.
    /// </summary>
    readonly int _maxEntries = configuration.GetValue("TalentMatch:Matching:MatchListsKept", 10_000);

    public readonly record struct Key(Guid ProfileId, int Take, string? Kind, string Lang);

    /// <summary>What a list was computed from, read before computing it.</summary>
    public sealed record Basis(ProfileCache.Entry Profile, MatchingState.Snapshot Snapshot, long OpeningsGeneration, IMatchScorer Scorer,
        TrainingCatalogue.Loaded Catalogue, int Today)
    {
        public bool IsSameAs(Basis other) =>
            ReferenceEquals(Profile, other.Profile) && ReferenceEquals(Snapshot, other.Snapshot) && OpeningsGeneration == other.OpeningsGeneration
            && ReferenceEquals(Scorer, other.Scorer) && ReferenceEquals(Catalogue, other.Catalogue) && Today == other.Today;
    }

    readonly ConcurrentDictionary<Key, (Basis Basis, RecommendOpenings.Response Response)> _lists = new();

    /// <summary>Whether lists are kept; the HTTP benchmark also measures without.</summary>
    public bool Enabled { get; set; } = configuration.GetValue("TalentMatch:Matching:CacheMatchLists", true);

    public int Count => _lists.Count;

    public bool TryGet(Key key, Basis current, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RecommendOpenings.Response? response)
    {
        if (Enabled && _lists.TryGetValue(key, out var held) && held.Basis.IsSameAs(current))
        {
            response = held.Response;
            return true;
        }

        response = null;
        return false;
    }

    public void Store(Key key, Basis basis, RecommendOpenings.Response response)
    {
        if (!Enabled)
        {
            return;
        }

        if (_lists.Count >= _maxEntries)
        {
            _lists.Clear();
        }

        _lists[key] = (basis, response);
    }
}
