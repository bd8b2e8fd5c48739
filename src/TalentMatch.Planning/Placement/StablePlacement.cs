using System.Diagnostics;
using Google.OrTools.Sat;

namespace TalentMatch.Planning.Placement;

/// <summary>
/// The student-proposing stable placement (what deferred acceptance yields), found with OR-Tools CP-SAT:
/// stability as constraints, then the student-best stable placement as the objective. With strict
/// preferences the student-proposing result is the stable placement every student likes at least as much as
/// any other stable one, so minimising the students' total rank over all stable placements finds exactly it.
/// </summary>
/// <remarks>
/// A student or host that gives no ranking ranks by match quality. A pair is acceptable only when the rules
/// allow it and both sides list each other (a side without a ranking lists everyone the rules allow).
/// </remarks>
public static class StablePlacement
{
    public static PlacementResult Solve(PlacementProblem problem, TimeSpan? timeLimit = null)
    {
        var clock = Stopwatch.StartNew();
        var allowed = problem.AllowedPairs();
        var quality = allowed.ToDictionary(p => (p.Seeker, p.Place), p => p.Quality);
        var studentRank = Rankings(problem.Seekers.Count, allowed, p => p.Seeker, p => p.Place, s => problem.Seekers[s].Preferences);
        var hostRank = Rankings(problem.Places.Count, allowed, p => p.Place, p => p.Seeker, p => problem.Places[p].Preferences);

        var model = new CpModel();
        var x = new Dictionary<(int Seeker, int Place), BoolVar>();
        foreach (var pair in allowed)
        {
            if (studentRank[pair.Seeker].ContainsKey(pair.Place) && hostRank[pair.Place].ContainsKey(pair.Seeker))
            {
                x[(pair.Seeker, pair.Place)] = model.NewBoolVar($"x_{pair.Seeker}_{pair.Place}");
            }
        }

        var bySeeker = x.Keys.GroupBy(k => k.Seeker).ToDictionary(g => g.Key, g => g.Select(k => k.Place).ToList());
        var byPlace = x.Keys.GroupBy(k => k.Place).ToDictionary(g => g.Key, g => g.Select(k => k.Seeker).ToList());
        foreach (var (s, list) in bySeeker)
        {
            model.AddAtMostOne(list.Select(p => (ILiteral)x[(s, p)]));
        }

        foreach (var (p, list) in byPlace)
        {
            model.Add(LinearExpr.Sum(list.Select(s => x[(s, p)])) <= problem.Places[p].Capacity);
        }

        // No blocking pair: for every acceptable (s, p), s has p or better, or p is full of students it prefers to s.
        foreach (var ((s, p), _) in x)
        {
            var capacity = problem.Places[p].Capacity;
            var asGood = bySeeker[s].Where(q => studentRank[s][q] <= studentRank[s][p]).Select(q => x[(s, q)]);
            var preferred = byPlace[p].Where(t => hostRank[p][t] < hostRank[p][s]).Select(t => x[(t, p)]);
            model.Add(capacity * LinearExpr.Sum(asGood) + LinearExpr.Sum(preferred) >= capacity);
        }

        model.Minimize(LinearExpr.WeightedSum(x.Select(e => e.Value), x.Select(e => (long)studentRank[e.Key.Seeker][e.Key.Place])));
        var solver = new CpSolver
        {
            StringParameters = $"max_time_in_seconds:{(timeLimit ?? TimeSpan.FromSeconds(10)).TotalSeconds:0.###} num_workers:2 random_seed:7",
        };
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            // A stable placement always exists (Gale and Shapley 1962); failing to find one means no time.
            throw new TimeoutException($"No stable placement found within the time limit ({status}).");
        }

        var placements = x.Where(e => solver.BooleanValue(e.Value))
            .Select(e => new Placed(e.Key.Seeker, e.Key.Place, quality[e.Key]))
            .OrderBy(p => p.Seeker).ToList();
        var unplaced = UnplacedReasons.For(problem, allowed, placements.Select(p => p.Seeker));
        var gap = status == CpSolverStatus.Optimal ? 0 : Gap(solver.ObjectiveValue, solver.BestObjectiveBound);
        return new PlacementResult("stable", placements, unplaced, status == CpSolverStatus.Optimal, gap, clock.Elapsed);
    }

    internal static double Gap(double objective, double bound) =>
        Math.Abs(objective - bound) / Math.Max(1e-9, Math.Abs(objective));

    /// <summary>Per owner, rank (0 = best) of each acceptable counterpart: its own list when given, else by quality.</summary>
    static Dictionary<int, int>[] Rankings(int owners, IReadOnlyList<Pair> allowed, Func<Pair, int> owner, Func<Pair, int> other, Func<int, IReadOnlyList<int>?> stated)
    {
        var byOwner = allowed.GroupBy(owner).ToDictionary(g => g.Key, g => g.ToList());
        var result = new Dictionary<int, int>[owners];
        for (var o = 0; o < owners; o++)
        {
            var pairs = byOwner.GetValueOrDefault(o) ?? [];
            var list = stated(o) is { } given
                ? given.Distinct().Where(c => pairs.Any(p => other(p) == c)).ToList()
                : pairs.OrderByDescending(p => p.Quality).ThenBy(other).Select(other).ToList();
            result[o] = list.Select((c, rank) => (c, rank)).ToDictionary(e => e.c, e => e.rank);
        }

        return result;
    }
}
