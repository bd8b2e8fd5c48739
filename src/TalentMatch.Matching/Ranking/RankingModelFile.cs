using System.IO.Compression;
using System.Text.Json;

namespace TalentMatch.Matching.Ranking;

/// <summary>
/// What TalentMatch keeps beside ML.NET's own entries in the model zip: what ML.NET's file cannot say
/// (feature names, leaf coverage for explanations) and how the model was trained.
/// </summary>
internal sealed record RankingManifest(
    int FormatVersion,
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<int> LeafCoverage,
    LambdaMartSettings Settings,
    int TrainingExamples,
    int TrainingGroups);

/// <summary>
/// The model zip: ML.NET's entries as <c>mlContext.Model.Save</c> wrote them plus <see cref="ManifestEntry"/>,
/// which ML.NET's loader never opens. Entries are rewritten in name order with a fixed timestamp so that the same
/// model always gives the same bytes, and so the same version.
/// </summary>
internal static class RankingModelFile
{
    public const string ManifestEntry = "TalentMatch/RankingManifest.json";
    public const int CurrentFormat = 1;

    static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static byte[] Compose(byte[] mlNetZip, RankingManifest manifest)
    {
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        using (var source = new ZipArchive(new MemoryStream(mlNetZip), ZipArchiveMode.Read))
        {
            foreach (var entry in source.Entries)
            {
                using var content = entry.Open();
                using var copy = new MemoryStream();
                content.CopyTo(copy);
                entries[entry.FullName] = copy.ToArray();
            }
        }

        entries[ManifestEntry] = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                var entry = target.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTimestamp;
                using var content = entry.Open();
                content.Write(bytes);
            }
        }

        return output.ToArray();
    }

    public static RankingManifest ReadManifest(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entry = archive.GetEntry(ManifestEntry)
            ?? throw new InvalidDataException($"This is not a TalentMatch ranking model: {ManifestEntry} is missing.");
        using var content = entry.Open();
        var manifest = JsonSerializer.Deserialize<RankingManifest>(content, Json)
            ?? throw new InvalidDataException($"{ManifestEntry} is empty.");
        if (manifest.FormatVersion != CurrentFormat)
        {
            throw new InvalidDataException($"Model format {manifest.FormatVersion} is not supported; this build reads format {CurrentFormat}.");
        }

        return manifest;
    }
}
