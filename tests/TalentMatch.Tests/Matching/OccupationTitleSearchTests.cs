using TalentMatch.Matching.Text;

namespace TalentMatch.Tests.Matching;

public sealed class OccupationTitleSearchTests
{
    const int Nurse = 0, Cook = 1, Welder = 2, Seller = 3, Planner = 4, Driver = 5, Childcare = 6, Ict = 7;

    static readonly OccupationTitleSearch Search = new([
        new LabelEntry(Nurse, "verpleegkundige", true, LabelKind.Preferred),
        new LabelEntry(Nurse, "nurse", false, LabelKind.Preferred),
        new LabelEntry(Cook, "kok", true, LabelKind.Preferred),
        new LabelEntry(Cook, "cook", false, LabelKind.Preferred),
        new LabelEntry(Welder, "lasser", true, LabelKind.Preferred),
        new LabelEntry(Seller, "verkoper", true, LabelKind.Preferred),
        new LabelEntry(Planner, "productieplanner", true, LabelKind.Preferred),
        new LabelEntry(Driver, "vrachtwagenchauffeur", true, LabelKind.Preferred),
        new LabelEntry(Driver, "chauffeur vrachtwagen", true, LabelKind.Alternative),
        new LabelEntry(Childcare, "pedagogisch medewerker", true, LabelKind.Preferred),
        new LabelEntry(Ict, "ICT-medewerker", true, LabelKind.Preferred),
    ]);

    static int First(string title) => Search.Search(title, preferDutch: true, 5)[0].Concept;

    [Theory]
    [InlineData("verpleger", Nurse)]            // the male form the taxonomy lacks
    [InlineData("verpleegkundge", Nurse)]       // a typo
    [InlineData("Verpleegkundige", Nurse)]
    [InlineData("kokkin", Cook)]                // the female form
    [InlineData("lasster", Welder)]
    [InlineData("verkoopster", Seller)]
    [InlineData("planner productie", Planner)]  // words the other way round
    [InlineData("vrachtwagen chauffeur", Driver)] // a compound written apart
    [InlineData("nurse", Nurse)]
    [InlineData("vpk", Nurse)]                  // abbreviations, written out before comparing
    [InlineData("ped. mdw.", Childcare)]
    [InlineData("pmw", Childcare)]
    [InlineData("ICT'er", Ict)]
    public void Links_a_title_as_people_write_it(string title, int occupation) => Assert.Equal(occupation, First(title));

    [Fact]
    public void Lists_each_occupation_once_with_its_best_label()
    {
        var hits = Search.Search("chauffeur vrachtwagen", preferDutch: true, 10);
        Assert.Single(hits, h => h.Concept == Driver);
        Assert.Equal("chauffeur vrachtwagen", hits[0].Label);
    }

    [Fact]
    public void Leaves_out_titles_far_below_the_best() =>
        Assert.DoesNotContain(Search.Search("verpleegkundige", preferDutch: true, 10), h => h.Concept == Welder);
}
