using TalentMatch.Matching.Ranking;

namespace TalentMatch.Tests.Ranking;

public sealed class RankingGroupsTests
{
    [Fact]
    public void Splits_contiguous_rows_into_queries_in_order()
    {
        RankingExample[] examples = [new(5, 0, []), new(5, 1, []), new(2, 0, []), new(9, 0, []), new(9, 0, [])];

        Assert.Equal([new RankingGroup(5, 0, 2), new RankingGroup(2, 2, 1), new RankingGroup(9, 3, 2)], RankingGroups.Of(examples));
    }

    [Fact]
    public void Rejects_a_query_whose_rows_are_split()
    {
        RankingExample[] examples = [new(5, 0, []), new(2, 0, []), new(5, 1, [])];

        var error = Assert.Throws<ArgumentException>(() => RankingGroups.Of(examples));
        Assert.Contains("contiguous", error.Message, StringComparison.Ordinal);
    }
}
