using System.Globalization;
using System.Text;

namespace TalentMatch.Web.Infrastructure;

/// <summary>
/// Writes RFC 4180 CSV for exports. Text that a spreadsheet would run as a formula (=, +, @, tab) gets a
/// leading apostrophe, because exported names and notes come from users.
/// </summary>
public static class CsvWriter
{
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        AppendRow(text, header);
        foreach (var row in rows)
        {
            AppendRow(text, row);
        }

        return text.ToString();
    }

    static void AppendRow<T>(StringBuilder text, IReadOnlyList<T> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(Cell(cells[i]));
        }

        text.Append("\r\n");
    }

    public static string Cell(object? value)
    {
        var cell = value switch
        {
            null => "",
            string s when s.Length > 0 && s[0] is '=' or '+' or '@' or '\t' or '\r' => "'" + s,
            string s => s,
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
