using System.Text;

namespace TalentMatch.Web.Infrastructure;

/// <summary>
/// A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks, which ESCO's
/// label lists rely on. Rows come back as dictionaries keyed by the header so column order never matters.
/// </summary>
public static class Csv
{
    public static IEnumerable<IReadOnlyDictionary<string, string>> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        string[]? header = null;
        foreach (var record in Records(reader))
        {
            if (header is null)
            {
                header = record;
                continue;
            }

            if (record.Length == 1 && record[0].Length == 0)
            {
                continue;
            }

            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = i < record.Length ? record[i] : "";
            }

            yield return row;
        }
    }

    public static IEnumerable<string[]> Records(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var anyChar = false;
        int read;
        while ((read = reader.Read()) != -1)
        {
            var c = (char)read;
            anyChar = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return fields.ToArray();
                    fields.Clear();
                    anyChar = false;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (anyChar)
        {
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }

    /// <summary>Splits a multi-valued cell (ESCO: one per line; collections and our seed files: '|').</summary>
    public static IEnumerable<string> Values(string? cell) =>
        string.IsNullOrWhiteSpace(cell)
            ? []
            : cell.Split(['\n', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
