using TalentMatch.Matching.Features;
using TalentMatch.Matching.Ranking;

namespace TalentMatch.Evaluation;

/// <summary>
/// One person's recorded outcome for one vacancy, with the features serving computes for the pair and the pair's
/// Jaccard overlap (a baseline to compare against, not a feature).
/// </summary>
public sealed record OutcomeRow(Guid ProfileId, string Status, int Grade, float[] Features, float Jaccard);

/// <summary>One vacancy's recorded outcomes: a ranking query whose rows are the people coaches put forward.</summary>
public sealed record OutcomeGroup(Guid VacancyId, IReadOnlyList<OutcomeRow> Rows);

/// <param name="Groups">Vacancies with at least two people of different grades, ordered by vacancy id.</param>
/// <param name="EntriesRead">Shortlist entries read, including those left out.</param>
/// <param name="LeftOut">Entries that gave no row: declined, the person no longer allows coaches, or alone in their
/// vacancy's grade (a query whose rows all share one grade teaches a ranker nothing).</param>
public sealed record OutcomeSet(IReadOnlyList<OutcomeGroup> Groups, int EntriesRead, int LeftOut)
{
    /// <summary>The feature order of every row: the serving order, by construction.</summary>
    public static IReadOnlyList<string> FeatureNames => MatchFeatures.Names;

    public int RowCount => Groups.Sum(g => g.Rows.Count);
}

/// <summary>
/// How a coach outcome becomes a relevance grade on the same 0–4 scale as the ESCO-derived labels:
/// hired 4, interview 3, an introduction proposed or accepted 2, shortlisted 1, rejected 0.
/// The further a person got with a real employer, the better the match was judged by people who read the
/// vacancy and met the person. Rejected is 0 wherever it happened, because the employer's own judgement is the
/// strongest signal there is. A declined introduction gives no label: the person said no, which says
/// nothing about whether the match was good.
/// </summary>
public static class OutcomeGrades
{
    public static int? Of(string status) => status switch
    {
        "hired" => 4,
        "interview" => 3,
        "proposed" or "accepted" => 2,
        "shortlisted" => 1,
        "rejected" => 0,
        _ => null,
    };

    /// <summary>Below this many outcome groups there is too little to hold any out, and all of them train.</summary>
    public const int MinimumGroupsForHeldOut = 10;

    /// <summary>
    /// One in five outcome groups is held out for evaluation, by a hash of the vacancy id (as occupations are
    /// split), so the split never depends on the order or the number of outcomes recorded.
    /// </summary>
    public static bool IsHeldOut(Guid vacancy) => (vacancy.ToByteArray()[15] * 256 + vacancy.ToByteArray()[14]) % 5 == 0;

    /// <summary>Outcome groups as ranking rows, each its own query, numbered from <paramref name="firstGroupId"/>.</summary>
    public static List<RankingExample> Examples(IEnumerable<OutcomeGroup> groups, int firstGroupId)
    {
        var examples = new List<RankingExample>();
        var groupId = firstGroupId;
        foreach (var group in groups)
        {
            examples.AddRange(group.Rows.Select(r => new RankingExample(groupId, r.Grade, r.Features)));
            groupId++;
        }

        return examples;
    }
}
