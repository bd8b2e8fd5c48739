using TalentMatch.Planning.Teams;

namespace TalentMatch.Tests.Planning;

public sealed class TeamFormationTests
{
    static readonly MixRule OneStudent = new(new HashSet<ParticipantKind> { ParticipantKind.Student }, 1, "at least one student");
    static readonly MixRule OneNonStudent = new(new HashSet<ParticipantKind> { ParticipantKind.CompanyStaff, ParticipantKind.KnowledgeInstitution, ParticipantKind.Government }, 1, "at least one non-student");

    static Participant Person(string name, ParticipantKind kind, string[] skills, int[] preferences, string? programme = null) =>
        new(name, kind, skills.ToHashSet(), preferences, programme);

    static Challenge Question(string title, Dictionary<string, double> skills, int min, int max, MixRule[]? mix = null, string[]? programmes = null) =>
        new(title, skills, min, max, mix ?? [], programmes?.ToHashSet());

    [Fact]
    public void Team_formation_moves_a_person_off_their_first_choice_when_that_covers_more_skills()
    {
        // Ann (a, b) and Bo (a) both want X (needs a); Y needs b; teams of one. By hand: Bo→X, Ann→Y covers both
        // skills; greedy puts Ann on X and leaves b uncovered.
        var problem = new TeamProblem(
            [Person("Ann", ParticipantKind.Student, ["a", "b"], [0]), Person("Bo", ParticipantKind.Student, ["a"], [0])],
            [Question("X", new() { ["a"] = 1 }, 1, 1), Question("Y", new() { ["b"] = 1 }, 1, 1)]);

        var optimal = TeamFormation.Solve(problem);
        var greedy = GreedyTeams.Solve(problem);

        Assert.True(optimal.Optimal);
        Assert.Equal([1], optimal.Teams[0].Members.Select(m => m.Participant));
        Assert.Equal([0], optimal.Teams[1].Members.Select(m => m.Participant));
        Assert.Equal(1.0, optimal.Coverage, 6);
        Assert.Equal(0.5, greedy.Coverage, 6);
    }

    [Fact]
    public void A_team_is_mixed_as_required_and_the_explanation_names_skills_gaps_and_ranks()
    {
        var problem = new TeamProblem(
            [
                Person("Sara", ParticipantKind.Student, ["python"], [0]),
                Person("Sem", ParticipantKind.Student, ["python", "cad"], [0]),
                Person("Tom", ParticipantKind.CompanyStaff, ["welding"], []),
            ],
            [Question("Waterstof", new() { ["python"] = 1, ["welding"] = 2, ["safety"] = 1 }, 2, 2, [OneStudent, OneNonStudent])]);

        var result = TeamFormation.Solve(problem);

        var team = Assert.Single(result.Teams);
        Assert.Equal(2, team.Members.Count);
        Assert.Contains(team.Members, m => m.Participant == 2 && m.BringsSkills.SequenceEqual(["welding"]) && m.PreferenceRank is null);
        Assert.Contains(team.Members, m => m.Participant != 2 && m.PreferenceRank == 1);
        Assert.Equal(["safety"], team.UncoveredSkills);
        Assert.Equal(0.75, team.Coverage, 6);
        Assert.Contains("Not covered: safety", team.Explanation, StringComparison.Ordinal);
        Assert.Contains("Tom (company staff, not ranked) brings welding", team.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_challenge_nobody_can_staff_is_left_empty_and_says_why()
    {
        var problem = new TeamProblem(
            [Person("Sara", ParticipantKind.Student, ["python"], [0]), Person("Sem", ParticipantKind.Student, ["python"], [0])],
            [Question("Waterstof", new() { ["python"] = 1 }, 2, 4, [OneStudent, OneNonStudent])]);

        var result = TeamFormation.Solve(problem);

        var team = Assert.Single(result.Teams);
        Assert.False(team.Staffed);
        Assert.Equal([0, 1], result.Unassigned);
        Assert.Contains("nobody can staff it", team.Explanation, StringComparison.Ordinal);
        Assert.Contains("at least one non-student", team.Explanation, StringComparison.Ordinal);
        var reason = team.Unstaffed!;
        Assert.Equal((UnstaffedReason.TooFewNonStudents, 0, 1), (reason.Code, reason.Registered, reason.Needed));
    }

    [Fact]
    public void A_locked_person_stays_in_the_team_when_solving_again()
    {
        var people = new[] { Person("Ann", ParticipantKind.Student, ["a", "b"], [0]), Person("Bo", ParticipantKind.Student, ["a"], [0]) };
        var challenges = new[] { Question("X", new() { ["a"] = 1 }, 1, 1), Question("Y", new() { ["b"] = 1 }, 1, 1) };

        var result = TeamFormation.Solve(new TeamProblem(people, challenges) { Locks = [new TeamLock(0, 0)] });

        var member = Assert.Single(result.Teams[0].Members);
        Assert.Equal(0, member.Participant);
        Assert.True(member.Locked);
        Assert.Equal([1], result.Unassigned);
    }

    [Fact]
    public void Lab_mode_takes_only_students_from_the_given_programmes()
    {
        var problem = new TeamProblem(
            [
                Person("Ivo", ParticipantKind.Student, ["data"], [0], programme: "ict"),
                Person("Zoë", ParticipantKind.Student, ["data"], [0], programme: "zorg"),
                Person("Tom", ParticipantKind.CompanyStaff, ["data"], [0]),
            ],
            [Question("Lab: sensordata", new() { ["data"] = 1 }, 1, 3, programmes: ["ict"])]);

        var result = TeamFormation.Solve(problem);

        Assert.Equal([0], result.Teams[0].Members.Select(m => m.Participant));
    }

    [Fact]
    public void A_lab_question_without_students_of_its_programmes_is_explained()
    {
        var problem = new TeamProblem([Person("Zoë", ParticipantKind.Student, ["data"], [0], programme: "zorg")],
            [Question("Lab: sensordata", new() { ["data"] = 1 }, 2, 3, programmes: ["ict"])]);

        var result = TeamFormation.Solve(problem);

        Assert.Contains("0 students from ict registered", result.Teams[0].Explanation, StringComparison.Ordinal);
        var reason = result.Teams[0].Unstaffed!;
        Assert.Equal((UnstaffedReason.TooFewFromProgrammes, 0, 2), (reason.Code, reason.Registered, reason.Needed));
        Assert.Equal(["ict"], reason.Programmes);
    }
}
