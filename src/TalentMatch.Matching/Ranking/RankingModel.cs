using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace TalentMatch.Matching.Ranking;

/// <summary>
/// A trained ranker as served: the scorer, the names of the features it expects in order, and a version that
/// names the exact file. Load it once and share it; scoring is thread-safe.
/// </summary>
public sealed class RankingModel
{
    readonly byte[] _zip;

    /// <summary>First 12 hex characters of the SHA-256 of the model zip.</summary>
    public string Version { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public TreeEnsembleScorer Scorer { get; }

    public LambdaMartSettings Settings { get; }

    public int TrainingExamples { get; }

    public int TrainingGroups { get; }

    RankingModel(byte[] zip, RankingManifest manifest, TreeEnsembleScorer scorer)
    {
        _zip = zip;
        Version = Convert.ToHexStringLower(SHA256.HashData(zip))[..12];
        FeatureNames = manifest.FeatureNames;
        Scorer = scorer;
        Settings = manifest.Settings;
        TrainingExamples = manifest.TrainingExamples;
        TrainingGroups = manifest.TrainingGroups;
    }

    public static RankingModel Load(string zipPath) => FromBytes(File.ReadAllBytes(zipPath));

    public static RankingModel Load(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        using var copy = new MemoryStream();
        zip.CopyTo(copy);
        return FromBytes(copy.ToArray());
    }

    /// <summary>Writes the model zip, byte for byte the file <see cref="Version"/> names.</summary>
    public void Save(string zipPath) => File.WriteAllBytes(zipPath, _zip);

    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(_zip);
    }

    public float Score(ReadOnlySpan<float> features) => Scorer.Score(features);

    /// <summary>
    /// The score with the features that moved it, largest effect first; features that moved nothing are left out.
    /// See <see cref="TreeEnsembleScorer.Explain"/> for the method.
    /// </summary>
    public RankingExplanation Explain(ReadOnlySpan<float> features)
    {
        var contributions = new double[Scorer.FeatureCount];
        var score = Scorer.Explain(features, contributions);
        var named = new List<FeatureContribution>();
        for (var i = 0; i < contributions.Length; i++)
        {
            if (contributions[i] != 0)
            {
                named.Add(new FeatureContribution(FeatureNames[i], contributions[i]));
            }
        }

        named.Sort((a, b) => Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution)));
        return new RankingExplanation(score, Scorer.BaseValue, named);
    }

    internal static RankingModel FromBytes(byte[] zip)
    {
        var manifest = RankingModelFile.ReadManifest(zip);
        var transformer = new MLContext().Model.Load(new MemoryStream(zip), out var inputSchema);
        var parameters = FindParameters(transformer);

        var featureColumn = inputSchema.GetColumnOrNull(LambdaMartTrainer.FeaturesColumn);
        var featureCount = featureColumn?.Type is VectorDataViewType vector ? vector.Size : 0;
        if (featureCount != manifest.FeatureNames.Count)
        {
            throw new InvalidDataException(
                $"The model reads {featureCount} features but its manifest names {manifest.FeatureNames.Count}.");
        }

        var scorer = TreeEnsembleScorer.FromEnsemble(parameters.TrainedTreeEnsemble, featureCount, manifest.LeafCoverage);
        return new RankingModel(zip, manifest, scorer);
    }

    static FastTreeRankingModelParameters FindParameters(ITransformer transformer)
    {
        var last = transformer is TransformerChain<ITransformer> chain ? chain.LastTransformer : transformer;
        return (last as IPredictionTransformer<object>)?.Model as FastTreeRankingModelParameters
            ?? throw new InvalidDataException($"Expected a FastTree ranking model, found {last.GetType().Name}.");
    }
}

public readonly record struct FeatureContribution(string Feature, double Contribution);

/// <summary><see cref="BaseValue"/> plus every contribution is <see cref="Score"/>.</summary>
public sealed record RankingExplanation(float Score, double BaseValue, IReadOnlyList<FeatureContribution> Contributions);
