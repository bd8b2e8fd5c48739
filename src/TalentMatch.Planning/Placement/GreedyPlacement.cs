using System.Diagnostics;

namespace TalentMatch.Planning.Placement;

/// <summary>The baseline a coordinator would do by hand: best-fitting pairs first, while both are free.</summary>
public static class GreedyPlacement
{
    public static PlacementResult Solve(PlacementProblem problem)
    {
        var clock = Stopwatch.StartNew();
        var allowed = problem.AllowedPairs().OrderByDescending(p => p.Quality).ThenBy(p => p.Seeker).ThenBy(p => p.Place).ToList();
        var left = problem.Places.Select(p => p.Capacity).ToArray();
        var done = new bool[problem.Seekers.Count];
        var placements = new List<Placed>();
        foreach (var pair in allowed)
        {
            if (!done[pair.Seeker] && left[pair.Place] > 0)
            {
                done[pair.Seeker] = true;
                left[pair.Place]--;
                placements.Add(new Placed(pair.Seeker, pair.Place, pair.Quality));
            }
        }

        var unplaced = UnplacedReasons.For(problem, allowed, placements.Select(p => p.Seeker));
        return new PlacementResult("greedy", placements, unplaced, Optimal: false, Gap: double.NaN, clock.Elapsed);
    }
}
