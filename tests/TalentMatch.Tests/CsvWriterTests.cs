using TalentMatch.Web.Infrastructure;

namespace TalentMatch.Tests;

public sealed class CsvWriterTests
{
    [Fact]
    public void Quotes_cells_with_commas_quotes_and_line_breaks_so_the_reader_gets_them_back()
    {
        var csv = CsvWriter.Write(["name", "note"], [["Smit, J.", "zei \"ja\"\nen ging"]]);

        using var reader = new StringReader(csv);
        Assert.Equal([["name", "note"], ["Smit, J.", "zei \"ja\"\nen ging"]], Csv.Records(reader).ToList());
    }

    [Fact]
    public void Defuses_text_a_spreadsheet_would_run_as_a_formula_but_keeps_negative_numbers()
    {
        Assert.Equal("'=HYPERLINK(1)", CsvWriter.Cell("=HYPERLINK(1)"));
        Assert.Equal("-3", CsvWriter.Cell(-3));
        Assert.Equal("0.25", CsvWriter.Cell(0.25));
        Assert.Equal("2026-02-02", CsvWriter.Cell(new DateOnly(2026, 2, 2)));
    }
}
