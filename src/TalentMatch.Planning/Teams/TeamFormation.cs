using System.Diagnostics;
using Google.OrTools.Sat;

namespace TalentMatch.Planning.Teams;

/// <summary>
/// Forms teams with OR-Tools CP-SAT: everyone in at most one team, a challenge either unstaffed or within its
/// size bounds and required mix, locks kept, maximising weighted covered skills plus preference points.
/// The greedy result is given as a hint, so the solver starts from the baseline and can only improve on it.
/// </summary>
public static class TeamFormation
{
    /// <summary>Weights are doubles; the model needs integers. Two decimals is what organisers enter.</summary>
    const int Scale = 100;

    public static TeamResult Solve(TeamProblem problem, TimeSpan? timeLimit = null)
    {
        var clock = Stopwatch.StartNew();
        var people = problem.Participants.Count;
        var challenges = problem.Challenges.Count;
        var model = new CpModel();
        var x = new Dictionary<(int P, int C), BoolVar>();
        var locked = problem.Locks.ToDictionary(l => l.Participant, l => l.Challenge);
        for (var p = 0; p < people; p++)
        {
            for (var c = 0; c < challenges; c++)
            {
                if (problem.MayJoin(p, c) || (locked.TryGetValue(p, out var lc) && lc == c))
                {
                    x[(p, c)] = model.NewBoolVar($"x_{p}_{c}");
                }
            }
        }

        for (var p = 0; p < people; p++)
        {
            var mine = Enumerable.Range(0, challenges).Where(c => x.ContainsKey((p, c))).Select(c => (ILiteral)x[(p, c)]).ToList();
            if (mine.Count > 1)
            {
                model.AddAtMostOne(mine);
            }
        }

        foreach (var (p, c) in locked)
        {
            model.Add(x[(p, c)] == 1);
        }

        var objective = new List<(IntVar Var, long Coefficient)>();
        for (var c = 0; c < challenges; c++)
        {
            var challenge = problem.Challenges[c];
            var members = Enumerable.Range(0, people).Where(p => x.ContainsKey((p, c))).ToList();
            var staffed = model.NewBoolVar($"staffed_{c}");
            var size = LinearExpr.Sum(members.Select(p => x[(p, c)]));
            model.Add(size >= challenge.MinimumSize * (LinearExpr)staffed);
            model.Add(size <= challenge.MaximumSize * (LinearExpr)staffed);
            foreach (var rule in challenge.Mix)
            {
                var fit = members.Where(p => rule.Kinds.Contains(problem.Participants[p].Kind)).Select(p => x[(p, c)]);
                model.Add(LinearExpr.Sum(fit) >= rule.Minimum * (LinearExpr)staffed);
            }

            foreach (var (skill, weight) in challenge.RequiredSkills)
            {
                var holders = members.Where(p => problem.Participants[p].Skills.Contains(skill)).Select(p => x[(p, c)]).ToList();
                if (holders.Count == 0)
                {
                    continue;
                }

                var covered = model.NewBoolVar($"covered_{c}_{skill}");
                model.Add(covered <= LinearExpr.Sum(holders));
                objective.Add((covered, (long)Math.Round(problem.CoverageWeight * weight * Scale)));
            }

            foreach (var p in members)
            {
                var points = problem.PreferencePoints(p, c);
                if (points > 0)
                {
                    objective.Add((x[(p, c)], (long)problem.PreferenceWeight * points * Scale));
                }
            }
        }

        model.Maximize(LinearExpr.WeightedSum(objective.Select(o => o.Var), objective.Select(o => o.Coefficient)));
        var hint = GreedyTeams.Assign(problem);
        foreach (var ((p, c), variable) in x)
        {
            model.AddHint(variable, hint[p] == c);
        }

        var solver = new CpSolver
        {
            StringParameters = $"max_time_in_seconds:{(timeLimit ?? TimeSpan.FromSeconds(10)).TotalSeconds:0.###} num_workers:2 random_seed:7",
        };
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            var empty = Enumerable.Repeat(-1, people).ToArray();
            var reason = status == CpSolverStatus.Infeasible
                ? "The locks cannot all be kept: a locked team breaks its size bounds or required mix."
                : "No team formation found within the time limit.";
            return TeamExplanation.Build(problem, "optimal", empty, false, double.NaN, clock.Elapsed) with { Infeasibility = reason };
        }

        var assignment = Enumerable.Repeat(-1, people).ToArray();
        foreach (var ((p, c), variable) in x)
        {
            if (solver.BooleanValue(variable))
            {
                assignment[p] = c;
            }
        }

        var gap = status == CpSolverStatus.Optimal ? 0 : Math.Abs(solver.BestObjectiveBound - solver.ObjectiveValue) / Math.Max(1, Math.Abs(solver.ObjectiveValue));
        return TeamExplanation.Build(problem, "optimal", assignment, status == CpSolverStatus.Optimal, gap, clock.Elapsed);
    }
}

/// <summary>
/// The baseline: locks first, then each person to their best-ranked challenge with room, the rest where they add
/// the most uncovered skill weight; teams that end up too small or unmixed are dissolved.
/// </summary>
public static class GreedyTeams
{
    public static TeamResult Solve(TeamProblem problem)
    {
        var clock = Stopwatch.StartNew();
        var assignment = Assign(problem);
        return TeamExplanation.Build(problem, "greedy", assignment, false, double.NaN, clock.Elapsed);
    }

    internal static int[] Assign(TeamProblem problem)
    {
        var people = problem.Participants.Count;
        var assignment = Enumerable.Repeat(-1, people).ToArray();
        var size = new int[problem.Challenges.Count];
        var locked = new HashSet<int>();
        foreach (var l in problem.Locks)
        {
            assignment[l.Participant] = l.Challenge;
            size[l.Challenge]++;
            locked.Add(l.Participant);
        }

        bool Room(int p, int c) => problem.MayJoin(p, c) && size[c] < problem.Challenges[c].MaximumSize;

        for (var p = 0; p < people; p++)
        {
            if (assignment[p] >= 0)
            {
                continue;
            }

            foreach (var c in problem.Participants[p].Preferences)
            {
                if (c >= 0 && c < size.Length && Room(p, c))
                {
                    assignment[p] = c;
                    size[c]++;
                    break;
                }
            }
        }

        for (var p = 0; p < people; p++)
        {
            if (assignment[p] >= 0)
            {
                continue;
            }

            var best = -1;
            var bestGain = 0.0;
            for (var c = 0; c < size.Length; c++)
            {
                if (!Room(p, c))
                {
                    continue;
                }

                var gain = problem.Challenges[c].RequiredSkills
                    .Where(s => problem.Participants[p].Skills.Contains(s.Key) && !Enumerable.Range(0, people).Any(q => assignment[q] == c && problem.Participants[q].Skills.Contains(s.Key)))
                    .Sum(s => s.Value);
                if (gain > bestGain)
                {
                    (best, bestGain) = (c, gain);
                }
            }

            if (best >= 0)
            {
                assignment[p] = best;
                size[best]++;
            }
        }

        for (var c = 0; c < size.Length; c++)
        {
            var challenge = problem.Challenges[c];
            var members = Enumerable.Range(0, people).Where(p => assignment[p] == c).ToList();
            var valid = members.Count >= challenge.MinimumSize
                && challenge.Mix.All(r => members.Count(p => r.Kinds.Contains(problem.Participants[p].Kind)) >= r.Minimum);
            if (!valid)
            {
                foreach (var p in members.Where(p => !locked.Contains(p)))
                {
                    assignment[p] = -1;
                }
            }
        }

        return assignment;
    }
}
