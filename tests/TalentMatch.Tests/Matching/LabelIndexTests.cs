using TalentMatch.Matching.Text;

namespace TalentMatch.Tests.Matching;

public sealed class LabelIndexTests
{
    static readonly LabelIndex Index = new([
        new LabelEntry(0, "lassen", true, LabelKind.Preferred),
        new LabelEntry(0, "welding", false, LabelKind.Preferred),
        new LabelEntry(1, "TIG-lassen", true, LabelKind.Preferred),
        new LabelEntry(1, "booglassen", true, LabelKind.Alternative),
        new LabelEntry(2, "verpleegkundige zorg verlenen", true, LabelKind.Preferred),
        new LabelEntry(3, "financiële administratie bijhouden", true, LabelKind.Preferred),
        new LabelEntry(4, "manage musical staff", false, LabelKind.Preferred),
        new LabelEntry(5, "kok", true, LabelKind.Preferred),
        new LabelEntry(6, "koken", true, LabelKind.Preferred),
    ]);

    static int[] Concepts(string query, bool dutch = true) => Index.Search(query, dutch, 10).Select(h => h.Concept).ToArray();

    [Fact]
    public void Ranks_the_whole_label_above_labels_that_contain_it() => Assert.Equal([0, 1], Concepts("lassen")[..2]);

    [Fact]
    public void Finds_a_label_by_the_start_of_its_last_word() => Assert.Equal(2, Concepts("verpleegkundige zorg verl")[0]);

    [Fact]
    public void Finds_a_label_by_a_word_inside_it() => Assert.Contains(4, Concepts("musical staff", dutch: false));

    [Theory]
    [InlineData("verpleegkundge zorg")]   // a letter left out
    [InlineData("verpleegkundieg zorg")]  // two letters swapped
    [InlineData("mnaage musical staff")]  // swapped near the start
    public void Tolerates_typos(string query) => Assert.NotEmpty(Concepts(query, dutch: false));

    [Fact]
    public void Ignores_accents() => Assert.Equal(3, Concepts("financiele administratie")[0]);

    [Fact]
    public void Keeps_one_hit_per_concept_with_its_best_label()
    {
        var hits = Index.Search("lassen", true, 10);
        Assert.Equal(hits.Count, hits.Select(h => h.Concept).Distinct().Count());
        Assert.Equal("TIG-lassen", hits.Single(h => h.Concept == 1).Label);
    }

    [Fact]
    public void Requires_every_longer_word_to_match() => Assert.Empty(Concepts("lassen zorg"));

    [Fact]
    public void Finds_short_words_exactly_and_by_prefix() => Assert.Equal([5, 6], Concepts("kok"));

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("verpleeg", "verpelეg", 2)]
    [InlineData("abcd", "abdc", 1)]
    [InlineData("same", "same", 0)]
    public void Counts_edits_with_swaps_as_one(string a, string b, int expected) => Assert.Equal(expected, LabelIndex.Distance(a, b, 5));
}
