namespace TalentMatch.Matching.Ranking;

/// <summary>The rows of one query: <c>Count</c> consecutive examples from <c>Start</c>.</summary>
public readonly record struct RankingGroup(int GroupId, int Start, int Count);

public static class RankingGroups
{
    /// <summary>
    /// Splits examples into their queries. A query's rows must be contiguous: ML.NET's ranking trainers start a
    /// new query whenever the group id changes from one row to the next, so a query split over two runs would be
    /// trained and evaluated as two queries. Rather than reorder silently we refuse such input. Sorting is not
    /// required; contiguity is.
    /// </summary>
    public static IReadOnlyList<RankingGroup> Of(IReadOnlyList<RankingExample> examples)
    {
        var groups = new List<RankingGroup>();
        var seen = new HashSet<int>();
        var start = 0;
        for (var i = 1; i <= examples.Count; i++)
        {
            if (i < examples.Count && examples[i].GroupId == examples[start].GroupId)
            {
                continue;
            }

            var groupId = examples[start].GroupId;
            if (!seen.Add(groupId))
            {
                throw new ArgumentException(
                    $"Group {groupId} appears again at row {start} after other groups; each group's rows must be contiguous.",
                    nameof(examples));
            }

            groups.Add(new RankingGroup(groupId, start, i - start));
            start = i;
        }

        return groups;
    }
}
