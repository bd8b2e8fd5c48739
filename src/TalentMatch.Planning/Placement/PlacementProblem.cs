namespace TalentMatch.Planning.Placement;

/// <summary>A student looking for an internship: programme, level and the period the school set.</summary>
/// <param name="Preferences">Places (indexes into <see cref="PlacementProblem.Places"/>) the student ranks, best first; null when not given.</param>
public sealed record Seeker(string Level, string Programme, DateOnly PeriodStart, DateOnly PeriodEnd, IReadOnlyList<int>? Preferences = null);

/// <summary>An internship place with room for <paramref name="Capacity"/> students.</summary>
/// <param name="Preferences">Students (indexes into <see cref="PlacementProblem.Seekers"/>) the host ranks, best first; null when not given.</param>
public sealed record Slot(string Level, string Programme, DateOnly PeriodStart, DateOnly PeriodEnd, int Capacity, IReadOnlyList<int>? Preferences = null);

/// <summary>
/// Students, places and how well each pair fits (the matching engine's score). A pair is allowed only when
/// level and programme are equal, the periods fit and the quality reaches <see cref="MinimumQuality"/>.
/// </summary>
public sealed class PlacementProblem(IReadOnlyList<Seeker> seekers, IReadOnlyList<Slot> places, Func<int, int, double> quality)
{
    public IReadOnlyList<Seeker> Seekers { get; } = seekers;

    public IReadOnlyList<Slot> Places { get; } = places;

    /// <summary>Match quality of (student, place); called only for pairs the rules allow.</summary>
    public Func<int, int, double> Quality { get; } = quality;

    /// <summary>Below this the skills do not fit well enough to propose the pair at all.</summary>
    public double MinimumQuality { get; init; } = 0.05;

    /// <summary>
    /// A place's period fits when it overlaps the student's period by at least half of the student's period:
    /// schools move periods by a few weeks, but a place covering a sliver of the period is no internship.
    /// </summary>
    public static bool PeriodsFit(Seeker seeker, Slot place)
    {
        var overlap = Math.Min(seeker.PeriodEnd.DayNumber, place.PeriodEnd.DayNumber) - Math.Max(seeker.PeriodStart.DayNumber, place.PeriodStart.DayNumber);
        var length = Math.Max(1, seeker.PeriodEnd.DayNumber - seeker.PeriodStart.DayNumber);
        return overlap * 2 >= length;
    }

    /// <summary>Every pair the rules allow, with its quality; places grouped by (level, programme) so this stays near-linear.</summary>
    public IReadOnlyList<Pair> AllowedPairs()
    {
        var byGroup = new Dictionary<(string, string), List<int>>();
        for (var p = 0; p < Places.Count; p++)
        {
            if (Places[p].Capacity <= 0)
            {
                continue;
            }

            var key = (Places[p].Level, Places[p].Programme);
            if (!byGroup.TryGetValue(key, out var list))
            {
                byGroup[key] = list = [];
            }

            list.Add(p);
        }

        var pairs = new List<Pair>();
        for (var s = 0; s < Seekers.Count; s++)
        {
            var seeker = Seekers[s];
            if (!byGroup.TryGetValue((seeker.Level, seeker.Programme), out var candidates))
            {
                continue;
            }

            foreach (var p in candidates)
            {
                if (!PeriodsFit(seeker, Places[p]))
                {
                    continue;
                }

                var q = Quality(s, p);
                if (q >= MinimumQuality)
                {
                    pairs.Add(new Pair(s, p, q));
                }
            }
        }

        return pairs;
    }
}

public readonly record struct Pair(int Seeker, int Place, double Quality);

/// <summary>Why a student got no place, most fundamental first.</summary>
public enum UnplacedReason
{
    /// <summary>No place at all for the student's level and programme.</summary>
    NoPlaceAtLevel,
    /// <summary>Places exist at the level and programme, but none in a period that fits.</summary>
    PeriodClash,
    /// <summary>Places fit level, programme and period, but the skills do not fit any of them well enough.</summary>
    NoSkillsFit,
    /// <summary>Suitable places exist, but others took them (or, in stable mode, the hosts preferred others).</summary>
    CapacityTaken,
}

public sealed record Placed(int Seeker, int Place, double Quality);

public sealed record Unplaced(int Seeker, UnplacedReason Reason);

/// <summary>A proposed allocation and how good it is: <see cref="Gap"/> 0 means proven optimal.</summary>
public sealed record PlacementResult(string Method, IReadOnlyList<Placed> Placements, IReadOnlyList<Unplaced> Unplaced, bool Optimal, double Gap, TimeSpan Elapsed)
{
    public double TotalQuality => Placements.Sum(p => p.Quality);
}
