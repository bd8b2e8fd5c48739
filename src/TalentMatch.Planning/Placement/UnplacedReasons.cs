namespace TalentMatch.Planning.Placement;

/// <summary>Explains every student left without a place, from the rules first and capacity last.</summary>
public static class UnplacedReasons
{
    public static IReadOnlyList<Unplaced> For(PlacementProblem problem, IReadOnlyList<Pair> allowed, IEnumerable<int> placedSeekers)
    {
        var placed = placedSeekers.ToHashSet();
        var hasAllowed = new bool[problem.Seekers.Count];
        foreach (var pair in allowed)
        {
            hasAllowed[pair.Seeker] = true;
        }

        var groups = problem.Places.Where(p => p.Capacity > 0).GroupBy(p => (p.Level, p.Programme)).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<Unplaced>();
        for (var s = 0; s < problem.Seekers.Count; s++)
        {
            if (placed.Contains(s))
            {
                continue;
            }

            var seeker = problem.Seekers[s];
            UnplacedReason reason;
            if (hasAllowed[s])
            {
                reason = UnplacedReason.CapacityTaken;
            }
            else if (!groups.TryGetValue((seeker.Level, seeker.Programme), out var places))
            {
                reason = UnplacedReason.NoPlaceAtLevel;
            }
            else if (!places.Any(p => PlacementProblem.PeriodsFit(seeker, p)))
            {
                reason = UnplacedReason.PeriodClash;
            }
            else
            {
                reason = UnplacedReason.NoSkillsFit;
            }

            result.Add(new Unplaced(s, reason));
        }

        return result;
    }
}
