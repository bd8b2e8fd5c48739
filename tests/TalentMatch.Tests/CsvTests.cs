using TalentMatch.Web.Infrastructure;

namespace TalentMatch.Tests;

public sealed class CsvTests
{
    static List<string[]> Read(string text)
    {
        using var reader = new StringReader(text);
        return Csv.Records(reader).ToList();
    }

    [Fact]
    public void Splits_plain_records_on_commas_and_line_breaks()
    {
        var records = Read("code,label\nw1,lassen\n");
        Assert.Equal([["code", "label"], ["w1", "lassen"]], records);
    }

    [Fact]
    public void Keeps_commas_inside_quotes()
    {
        var records = Read("w1,\"lassen, solderen\",x\n");
        Assert.Equal([["w1", "lassen, solderen", "x"]], records);
    }

    [Fact]
    public void Reads_doubled_quotes_as_one_quote()
    {
        var records = Read("\"de \"\"beste\"\" lasser\",\"\"\"\"\n");
        Assert.Equal([["de \"beste\" lasser", "\""]], records);
    }

    [Fact]
    public void Keeps_line_breaks_inside_quotes()
    {
        var records = Read("w1,\"lassen\nbooglassen\",x\nw2,y,z\n");
        Assert.Equal([["w1", "lassen\nbooglassen", "x"], ["w2", "y", "z"]], records);
    }

    [Fact]
    public void Reads_CRLF_line_ends()
    {
        var records = Read("code,label\r\nw1,lassen\r\nw2,\"a\r\nb\"\r\n");
        Assert.Equal([["code", "label"], ["w1", "lassen"], ["w2", "a\r\nb"]], records);
    }

    [Fact]
    public void Returns_a_last_record_without_a_line_break()
    {
        var records = Read("a,b\nc,d");
        Assert.Equal([["a", "b"], ["c", "d"]], records);
    }

    [Fact]
    public void Keeps_empty_fields()
    {
        var records = Read(",a,\n\"\",,\n");
        Assert.Equal([["", "a", ""], ["", "", ""]], records);
    }

    [Fact]
    public void Reads_nothing_from_empty_input() => Assert.Empty(Read(""));

    [Fact]
    public void Reads_an_empty_line_as_one_empty_field() => Assert.Equal([["a"], [""], ["b"]], Read("a\n\nb\n"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Values_of_an_empty_cell_are_none(string? cell) => Assert.Empty(Csv.Values(cell));

    [Theory]
    [InlineData("lassen|booglassen", new[] { "lassen", "booglassen" })]
    [InlineData("lassen\nbooglassen", new[] { "lassen", "booglassen" })]
    [InlineData(" lassen | | booglassen \n\n tig-lassen ", new[] { "lassen", "booglassen", "tig-lassen" })]
    [InlineData("lassen, solderen", new[] { "lassen, solderen" })]
    public void Values_split_a_cell_on_pipes_and_line_breaks_and_trim(string cell, string[] expected) =>
        Assert.Equal(expected, Csv.Values(cell));

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  ", null)]
    [InlineData(" mbo3 ", "mbo3")]
    public void NullIfEmpty_trims_and_drops_blank_cells(string? cell, string? expected) => Assert.Equal(expected, Csv.NullIfEmpty(cell));
}
