using TalentMatch.Evaluation;
using TalentMatch.Matching.Model;

namespace TalentMatch.Tests.Evaluation;

public sealed class Bm25BaselineTests
{
    static readonly string[] Labels =
    [
        "weld metal parts",          // 0
        "operate forklift",          // 1
        "perform customer service",  // 2
        "cook meals",                // 3
        "perform bookkeeping",       // 4
        "maintain hygiene",          // 5
        "clean rooms",               // 6
    ];

    static Opening OpeningWith(params int[] skills) =>
        new(Guid.NewGuid(), false, skills, new byte[skills.Length], new bool[skills.Length], 0, 0, 0, -1, 0);

    static Candidate PersonWith(params int[] skills) =>
        new(Guid.NewGuid(), skills, new byte[skills.Length], 0, 0, 0, 0, []);

    [Fact]
    public void Scores_an_opening_sharing_words_above_zero_and_one_sharing_none_at_zero()
    {
        var a = OpeningWith(0, 1);
        var b = OpeningWith(3, 6);
        using var bm25 = new Bm25Baseline(Labels);
        bm25.Index([a, b]);

        var scores = bm25.Score(PersonWith(0), [a, b]);

        Assert.True(scores[0] > 0);
        Assert.Equal(0f, scores[1]);
    }

    [Fact]
    public void Matches_inflected_words_through_stemming()
    {
        using var bm25 = new Bm25Baseline(["welding", "weld metal parts", "cook meals"]);
        var a = OpeningWith(1);
        var b = OpeningWith(2);
        bm25.Index([a, b]);

        var scores = bm25.Score(PersonWith(0), [a, b]);

        Assert.True(scores[0] > 0);
        Assert.Equal(0f, scores[1]);
    }

    [Fact]
    public void Rare_shared_words_score_higher_than_common_ones()
    {
        // Equal-length documents; "perform" is in three of four openings, "bookkeeping" in one.
        using var bm25 = new Bm25Baseline(["perform bookkeeping", "bookkeeping tasks", "perform tasks", "perform cleaning", "perform cooking"]);
        var rare = OpeningWith(1);
        var common = OpeningWith(2);
        bm25.Index([rare, common, OpeningWith(3), OpeningWith(4)]);

        var scores = bm25.Score(PersonWith(0), [rare, common]);

        Assert.True(scores[1] > 0);
        Assert.True(scores[0] > scores[1], $"rare {scores[0]} should beat common {scores[1]}");
    }

    [Fact]
    public void Returns_scores_aligned_with_the_items_whatever_their_order()
    {
        var openings = Enumerable.Range(0, Labels.Length).Select(s => OpeningWith(s)).ToArray();
        using var bm25 = new Bm25Baseline(Labels);
        bm25.Index(openings);
        var person = PersonWith(0, 4);
        var unknown = OpeningWith(0);

        Opening[] items = [openings[6], openings[4], unknown, openings[0], openings[4]];
        var scores = bm25.Score(person, items);
        var single = bm25.Score(person, [openings[0]]);

        Assert.Equal(items.Length, scores.Length);
        Assert.Equal(0f, scores[0]);
        Assert.True(scores[1] > 0);
        Assert.Equal(0f, scores[2]);                 // not indexed
        Assert.True(scores[3] > 0);
        Assert.Equal(scores[1], scores[4]);          // the same opening twice gets the same score
        Assert.Equal(single[0], scores[3]);          // restricting to other items does not change an item's score
        Assert.Equal(scores, bm25.Score(person, items)); // deterministic
        Assert.Empty(bm25.Score(person, []));
    }

    [Fact]
    public void Scores_a_person_without_skills_at_zero()
    {
        var a = OpeningWith(0);
        using var bm25 = new Bm25Baseline(Labels);
        bm25.Index([a]);

        Assert.Equal([0f], bm25.Score(PersonWith(), [a]));
    }
}
