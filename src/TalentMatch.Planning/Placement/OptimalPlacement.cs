using System.Diagnostics;
using Google.OrTools.Graph;

namespace TalentMatch.Planning.Placement;

/// <summary>
/// Maximum total match quality within capacities, as a min-cost flow (OR-Tools): source → student (1) →
/// allowed place (1, cost −quality) → sink (capacity), plus a zero-cost bypass so a student may stay unplaced
/// when that serves the total better. Min-cost flow is exact and polynomial, so the result is always optimal.
/// </summary>
public static class OptimalPlacement
{
    /// <summary>Quality is scaled to integer costs; 1e-5 resolution is far below what the scorer can tell apart.</summary>
    const double Scale = 100_000;

    public static PlacementResult Solve(PlacementProblem problem)
    {
        var clock = Stopwatch.StartNew();
        var allowed = problem.AllowedPairs();
        var seekers = problem.Seekers.Count;
        var places = problem.Places.Count;
        var source = 0;
        var sink = 1 + seekers + places;
        var flow = new MinCostFlow();
        for (var s = 0; s < seekers; s++)
        {
            flow.AddArcWithCapacityAndUnitCost(source, 1 + s, 1, 0);
        }

        var pairArcs = new int[allowed.Count];
        for (var i = 0; i < allowed.Count; i++)
        {
            var pair = allowed[i];
            pairArcs[i] = flow.AddArcWithCapacityAndUnitCost(1 + pair.Seeker, 1 + seekers + pair.Place, 1, -(long)Math.Round(pair.Quality * Scale));
        }

        for (var p = 0; p < places; p++)
        {
            flow.AddArcWithCapacityAndUnitCost(1 + seekers + p, sink, Math.Max(0, problem.Places[p].Capacity), 0);
        }

        flow.AddArcWithCapacityAndUnitCost(source, sink, seekers, 0);
        flow.SetNodeSupply(source, seekers);
        flow.SetNodeSupply(sink, -seekers);
        var status = flow.Solve();
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"The placement flow could not be solved: {status}.");
        }

        var placements = new List<Placed>();
        for (var i = 0; i < allowed.Count; i++)
        {
            if (flow.Flow(pairArcs[i]) > 0)
            {
                placements.Add(new Placed(allowed[i].Seeker, allowed[i].Place, allowed[i].Quality));
            }
        }

        var unplaced = UnplacedReasons.For(problem, allowed, placements.Select(p => p.Seeker));
        return new PlacementResult("optimal", placements, unplaced, Optimal: true, Gap: 0, clock.Elapsed);
    }
}
