namespace TalentMatch.Planning.Teams;

/// <summary>Who someone is at an event; a team's required mix is stated in these kinds.</summary>
public enum ParticipantKind
{
    Student,
    CompanyStaff,
    KnowledgeInstitution,
    Government,
}

/// <summary>A registered participant.</summary>
/// <param name="Skills">Skill keys the person brings.</param>
/// <param name="Preferences">Challenge indexes, best first.</param>
/// <param name="Programme">A student's programme (lab mode takes students from given programmes only).</param>
public sealed record Participant(string Name, ParticipantKind Kind, IReadOnlySet<string> Skills, IReadOnlyList<int> Preferences, string? Programme = null);

/// <summary>"At least <paramref name="Minimum"/> members of these kinds", e.g. one student and one non-student.</summary>
public sealed record MixRule(IReadOnlySet<ParticipantKind> Kinds, int Minimum, string Label);

/// <summary>A company question a team works on.</summary>
/// <param name="RequiredSkills">Skill key → weight (how much covering it is worth).</param>
/// <param name="AllowedProgrammes">Lab mode: when set, only students from these programmes may join.</param>
public sealed record Challenge(string Title, IReadOnlyDictionary<string, double> RequiredSkills, int MinimumSize, int MaximumSize, IReadOnlyList<MixRule> Mix,
    IReadOnlySet<string>? AllowedProgrammes = null);

/// <summary>An organiser's decision that a person is in a team, kept when solving again.</summary>
public sealed record TeamLock(int Participant, int Challenge);

public sealed class TeamProblem(IReadOnlyList<Participant> participants, IReadOnlyList<Challenge> challenges)
{
    public IReadOnlyList<Participant> Participants { get; } = participants;

    public IReadOnlyList<Challenge> Challenges { get; } = challenges;

    public IReadOnlyList<TeamLock> Locks { get; init; } = [];

    /// <summary>Points per unit of covered skill weight; skills first, preferences break ties and spread people.</summary>
    public int CoverageWeight { get; init; } = 10;

    /// <summary>Points per preference point (first choice of n ranked = n points, last = 1).</summary>
    public int PreferenceWeight { get; init; } = 1;

    /// <summary>Whether the person may join the challenge at all (lab mode: students of the given programmes only).</summary>
    public bool MayJoin(int participant, int challenge)
    {
        var person = Participants[participant];
        var allowed = Challenges[challenge].AllowedProgrammes;
        return allowed is null || (person.Kind == ParticipantKind.Student && person.Programme is not null && allowed.Contains(person.Programme));
    }

    /// <summary>Preference points: the first of n ranked challenges is worth n, the last 1, an unranked one 0.</summary>
    public int PreferencePoints(int participant, int challenge)
    {
        var preferences = Participants[participant].Preferences;
        var rank = IndexOf(preferences, challenge);
        return rank < 0 ? 0 : preferences.Count - rank;
    }

    public int? PreferenceRank(int participant, int challenge)
    {
        var rank = IndexOf(Participants[participant].Preferences, challenge);
        return rank < 0 ? null : rank + 1;
    }

    static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A member of a formed team: which required skills they bring and what rank the challenge had for them.</summary>
public sealed record TeamMember(int Participant, IReadOnlyList<string> BringsSkills, int? PreferenceRank, bool Locked);

/// <summary>One challenge's team (empty when not staffed) with its explanation.</summary>
public sealed record FormedTeam(int Challenge, bool Staffed, IReadOnlyList<TeamMember> Members, IReadOnlyList<string> CoveredSkills,
    IReadOnlyList<string> UncoveredSkills, double Coverage, string Explanation)
{
    /// <summary>Why an unstaffed challenge got no team, as a code with its numbers, so any language can say it; null when staffed.</summary>
    public UnstaffedReason? Unstaffed { get; init; }
}

/// <summary>
/// Why a challenge got no team. <see cref="Code"/> is one of <see cref="UnstaffedReason"/>'s constants;
/// <see cref="Registered"/> counts the people who could have joined (or fit the rule), <see cref="Needed"/> the minimum.
/// </summary>
public sealed record UnstaffedReason(string Code, int Registered, int Needed, IReadOnlyList<string> Programmes)
{
    /// <summary>Fewer students from the allowed programmes than the team's minimum size.</summary>
    public const string TooFewFromProgrammes = "too-few-from-programmes";

    /// <summary>Fewer participants than the team's minimum size.</summary>
    public const string TooFewParticipants = "too-few-participants";

    /// <summary>Fewer students than the mix rule asks for.</summary>
    public const string TooFewStudents = "too-few-students";

    /// <summary>Fewer non-students than the mix rule asks for.</summary>
    public const string TooFewNonStudents = "too-few-non-students";

    /// <summary>Fewer people of some other mix of kinds than a rule asks for.</summary>
    public const string MixNotMet = "mix-not-met";

    /// <summary>Nobody brings any of the required skills.</summary>
    public const string NoRequiredSkills = "no-required-skills";

    /// <summary>Its possible members were worth more in other teams.</summary>
    public const string BetterElsewhere = "better-elsewhere";
}

public sealed record TeamResult(string Method, IReadOnlyList<FormedTeam> Teams, IReadOnlyList<int> Unassigned, bool Optimal, double Gap, TimeSpan Elapsed,
    double Coverage, double PreferenceSatisfaction, string? Infeasibility = null);
