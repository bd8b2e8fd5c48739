using TalentMatch.Matching.Text;

namespace TalentMatch.Tests;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("financiële administratie", "financiele administratie")]
    [InlineData("Crème Brûlée", "creme brulee")]
    [InlineData("Çà et là", "ca et la")]
    public void Removes_accents(string text, string expected) => Assert.Equal(expected, SearchText.Normalise(text));

    [Theory]
    [InlineData("TIG Lassen", "tig lassen")]
    [InlineData("VERPLEEGKUNDIGE", "verpleegkundige")]
    public void Lower_cases(string text, string expected) => Assert.Equal(expected, SearchText.Normalise(text));

    [Theory]
    [InlineData("heftruck, chauffeur!", "heftruck chauffeur")]
    [InlineData("(junior) medewerker/ster", "junior medewerker ster")]
    [InlineData("C# & .NET", "c net")]
    public void Turns_punctuation_into_single_spaces(string text, string expected) => Assert.Equal(expected, SearchText.Normalise(text));

    [Theory]
    [InlineData("tig-lassen", "tig lassen")]
    [InlineData("mbo-4 – niveau", "mbo 4 niveau")]
    public void Treats_hyphens_and_dashes_as_spaces(string text, string expected) => Assert.Equal(expected, SearchText.Normalise(text));

    [Theory]
    [InlineData("  wond   verzorging \t\n ", "wond verzorging")]
    [InlineData("a - - b", "a b")]
    public void Collapses_and_trims_spaces(string text, string expected) => Assert.Equal(expected, SearchText.Normalise(text));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("--!?")]
    public void Leaves_nothing_of_text_without_letters_or_digits(string text) => Assert.Equal("", SearchText.Normalise(text));

    [Fact]
    public void Keeps_digits() => Assert.Equal("vca 2024 basis", SearchText.Normalise("VCA-2024 (basis)"));

    [Fact]
    public void Gives_the_same_form_for_composed_and_decomposed_accents() =>
        Assert.Equal(SearchText.Normalise("financi\u00eble"), SearchText.Normalise("financie\u0308le"));

    [Fact]
    public void Is_idempotent()
    {
        var once = SearchText.Normalise("Financiële-Administratie,  Medewerker");
        Assert.Equal(once, SearchText.Normalise(once));
    }

    [Fact]
    public void Refuses_null() => Assert.Throws<ArgumentNullException>(() => SearchText.Normalise(null!));
}
