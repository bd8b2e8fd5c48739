namespace TalentMatch.Planning.Teams;

/// <summary>Builds the result both solvers return, so the optimum and the baseline are measured the same way.</summary>
public static class TeamExplanation
{
    public static TeamResult Build(TeamProblem problem, string method, int[] assignment, bool optimal, double gap, TimeSpan elapsed)
    {
        var locked = problem.Locks.Select(l => (l.Participant, l.Challenge)).ToHashSet();
        var teams = new List<FormedTeam>();
        double coveredWeight = 0, totalWeight = 0;
        for (var c = 0; c < problem.Challenges.Count; c++)
        {
            var challenge = problem.Challenges[c];
            var members = Enumerable.Range(0, assignment.Length).Where(p => assignment[p] == c).ToList();
            var covered = challenge.RequiredSkills.Keys.Where(s => members.Any(m => problem.Participants[m].Skills.Contains(s))).Order(StringComparer.Ordinal).ToList();
            var uncovered = challenge.RequiredSkills.Keys.Except(covered).Order(StringComparer.Ordinal).ToList();
            var weight = challenge.RequiredSkills.Values.Sum();
            var coveredHere = covered.Sum(s => challenge.RequiredSkills[s]);
            totalWeight += weight;
            coveredWeight += members.Count > 0 ? coveredHere : 0;
            var teamMembers = members.Select(m => new TeamMember(m,
                challenge.RequiredSkills.Keys.Where(problem.Participants[m].Skills.Contains).Order(StringComparer.Ordinal).ToList(),
                problem.PreferenceRank(m, c), locked.Contains((m, c)))).ToList();
            var staffed = members.Count > 0;
            var (reason, why) = staffed ? (null, Describe(problem, challenge, teamMembers, uncovered)) : Diagnose(problem, c);
            teams.Add(new FormedTeam(c, staffed, teamMembers, staffed ? covered : [], staffed ? uncovered : challenge.RequiredSkills.Keys.Order(StringComparer.Ordinal).ToList(),
                weight == 0 ? 1 : (staffed ? coveredHere / weight : 0), why) { Unstaffed = reason });
        }

        int points = 0, best = 0;
        for (var p = 0; p < assignment.Length; p++)
        {
            best += problem.Participants[p].Preferences.Count;
            if (assignment[p] >= 0)
            {
                points += problem.PreferencePoints(p, assignment[p]);
            }
        }

        var unassigned = Enumerable.Range(0, assignment.Length).Where(p => assignment[p] < 0).ToList();
        return new TeamResult(method, teams, unassigned, optimal, gap, elapsed,
            totalWeight == 0 ? 1 : coveredWeight / totalWeight, best == 0 ? 1 : (double)points / best);
    }

    static string Describe(TeamProblem problem, Challenge challenge, List<TeamMember> members, List<string> uncovered)
    {
        var brings = members.Select(m =>
        {
            var person = problem.Participants[m.Participant];
            var skills = m.BringsSkills.Count == 0 ? "no required skill" : string.Join(", ", m.BringsSkills);
            var rank = m.PreferenceRank is { } r ? $"choice {r}" : "not ranked";
            return $"{person.Name} ({Kind(person.Kind)}, {rank}{(m.Locked ? ", locked" : "")}) brings {skills}";
        });
        var gaps = uncovered.Count == 0 ? "Every required skill is covered." : $"Not covered: {string.Join(", ", uncovered)}.";
        return $"{challenge.Title}: {string.Join("; ", brings)}. {gaps}";
    }

    /// <summary>What makes a team impossible, or else that people were worth more elsewhere: as a code with numbers and in English.</summary>
    static (UnstaffedReason Reason, string English) Diagnose(TeamProblem problem, int c)
    {
        var challenge = problem.Challenges[c];
        var eligible = Enumerable.Range(0, problem.Participants.Count).Where(p => problem.MayJoin(p, c)).ToList();
        if (challenge.AllowedProgrammes is { } allowed && eligible.Count < challenge.MinimumSize)
        {
            var programmes = allowed.Order(StringComparer.Ordinal).ToList();
            return (new UnstaffedReason(UnstaffedReason.TooFewFromProgrammes, eligible.Count, challenge.MinimumSize, programmes),
                $"{challenge.Title}: nobody can staff it: {eligible.Count} students from {string.Join(", ", programmes)} registered, the team needs at least {challenge.MinimumSize}.");
        }

        if (eligible.Count < challenge.MinimumSize)
        {
            return (new UnstaffedReason(UnstaffedReason.TooFewParticipants, eligible.Count, challenge.MinimumSize, []),
                $"{challenge.Title}: nobody can staff it: {eligible.Count} participants registered, the team needs at least {challenge.MinimumSize}.");
        }

        foreach (var rule in challenge.Mix)
        {
            var fit = eligible.Count(p => rule.Kinds.Contains(problem.Participants[p].Kind));
            if (fit < rule.Minimum)
            {
                var code = rule.Kinds.SetEquals([ParticipantKind.Student]) ? UnstaffedReason.TooFewStudents
                    : !rule.Kinds.Contains(ParticipantKind.Student) ? UnstaffedReason.TooFewNonStudents
                    : UnstaffedReason.MixNotMet;
                return (new UnstaffedReason(code, fit, rule.Minimum, []),
                    $"{challenge.Title}: nobody can staff it: the team needs {rule.Label}, and only {fit} such participants registered.");
            }
        }

        var covering = eligible.Count(p => challenge.RequiredSkills.Keys.Any(problem.Participants[p].Skills.Contains));
        if (covering == 0)
        {
            return (new UnstaffedReason(UnstaffedReason.NoRequiredSkills, 0, challenge.MinimumSize, []),
                $"{challenge.Title}: not staffed: no participant brings any of its required skills.");
        }

        return (new UnstaffedReason(UnstaffedReason.BetterElsewhere, covering, challenge.MinimumSize, []),
            $"{challenge.Title}: not staffed: the people who could form its team cover more skills and preferences in other teams.");
    }

    static string Kind(ParticipantKind kind) => kind switch
    {
        ParticipantKind.Student => "student",
        ParticipantKind.CompanyStaff => "company staff",
        ParticipantKind.KnowledgeInstitution => "knowledge institution",
        _ => "government",
    };
}
