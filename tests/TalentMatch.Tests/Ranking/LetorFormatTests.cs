using TalentMatch.Matching.Ranking;

namespace TalentMatch.Tests.Ranking;

public sealed class LetorFormatTests
{
    static IReadOnlyList<RankingExample> Parse(string text, int featureCount = 3) => Letor.Read(new StringReader(text), featureCount);

    [Fact]
    public void Reads_labels_queries_and_features_and_ignores_comments()
    {
        var examples = Parse("""
            2 qid:7 1:0.5 2:0.25 3:1 #docid = GX008-86-4444840 inc = 1 prob = 0.086622
            0 qid:7 1:0 2:0 3:0.125

            1 qid:8 1:1 2:1 3:1
            """);

        Assert.Equal([7, 7, 8], examples.Select(e => e.GroupId));
        Assert.Equal([2f, 0f, 1f], examples.Select(e => e.Label));
        Assert.Equal([0.5f, 0.25f, 1f], examples[0].Features);
        Assert.Equal([0f, 0f, 0.125f], examples[1].Features);
    }

    [Fact]
    public void Treats_absent_features_as_zero()
    {
        var example = Assert.Single(Parse("1 qid:3 3:0.75 1:2"));

        Assert.Equal([2f, 0f, 0.75f], example.Features);
    }

    [Theory]
    [InlineData("1 1:0.5 2:0.5")]
    [InlineData("1 qid:x 1:0.5")]
    [InlineData("high qid:1 1:0.5")]
    [InlineData("1 qid:1 4:0.5")]
    [InlineData("1 qid:1 0:0.5")]
    [InlineData("1 qid:1 1=0.5")]
    public void Rejects_lines_that_are_not_ranking_data(string line)
    {
        Assert.Throws<FormatException>(() => Parse(line));
    }
}
