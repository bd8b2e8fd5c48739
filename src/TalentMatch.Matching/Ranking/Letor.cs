using System.Globalization;
using System.IO.Compression;

namespace TalentMatch.Matching.Ranking;

/// <summary>
/// Reads the LETOR 4.0 / SVMlight ranking format: <c>label qid:N 1:v 2:v ... #comment</c>, one candidate per line.
/// Feature indexes count from 1 and may be sparse (absent features are 0); the qid becomes the group id, so a
/// file's queries must be contiguous, as LETOR's are.
/// </summary>
public static class Letor
{
    public static IReadOnlyList<RankingExample> Read(TextReader reader, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        var examples = new List<RankingExample>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (ParseLine(line, featureCount, lineNumber) is { } example)
            {
                examples.Add(example);
            }
        }

        return examples;
    }

    /// <summary>Reads a file, decompressing it when its name ends in <c>.gz</c>.</summary>
    public static async Task<IReadOnlyList<RankingExample>> ReadFileAsync(string path, int featureCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        await using var file = File.OpenRead(path);
        await using Stream content = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
        using var reader = new StreamReader(content);
        var examples = new List<RankingExample>();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            try
            {
                if (ParseLine(line, featureCount, lineNumber) is { } example)
                {
                    examples.Add(example);
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"{path}: {e.Message}", e);
            }
        }

        return examples;
    }

    static RankingExample? ParseLine(string line, int featureCount, int lineNumber)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        var data = (hash >= 0 ? line[..hash] : line).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (data.Length == 0)
        {
            return null;
        }

        if (!float.TryParse(data[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var label))
        {
            throw new FormatException($"line {lineNumber}: '{data[0]}' is not a label.");
        }

        if (data.Length < 2 || !data[1].StartsWith("qid:", StringComparison.Ordinal)
            || !int.TryParse(data[1].AsSpan(4), NumberStyles.Integer, CultureInfo.InvariantCulture, out var qid))
        {
            throw new FormatException($"line {lineNumber}: expected 'qid:<number>' after the label.");
        }

        var features = new float[featureCount];
        for (var i = 2; i < data.Length; i++)
        {
            var colon = data[i].IndexOf(':', StringComparison.Ordinal);
            if (colon < 0
                || !int.TryParse(data[i].AsSpan(0, colon), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
                || !float.TryParse(data[i].AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"line {lineNumber}: '{data[i]}' is not 'index:value'.");
            }

            if (index < 1 || index > featureCount)
            {
                throw new FormatException($"line {lineNumber}: feature {index} is outside 1..{featureCount}.");
            }

            features[index - 1] = value;
        }

        return new RankingExample(qid, label, features);
    }
}
