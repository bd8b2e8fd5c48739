using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace TalentMatch.Matching.Ranking;

/// <summary>
/// Trains ML.NET's FastTree LambdaMART ranker. The same examples, feature names and settings always give the
/// same scores bit for bit, and the same model file (so the same version): the seed drives both the MLContext
/// and FastTree's own random streams, and training runs on one thread. On our 2-core machines one, two and the
/// default number of threads gave identical models, but ML.NET does not promise that for every core count, and
/// one thread costs only about a third more time at our data sizes.
/// </summary>
public static class LambdaMartTrainer
{
    internal const string LabelColumn = "Label";
    internal const string GroupColumn = "GroupId";
    internal const string FeaturesColumn = "Features";

    // FastTree's default label gains are 2^label - 1 for labels 0 to 4; higher labels have no gain defined.
    const int MaximumLabel = 4;

    /// <param name="examples">Each query's rows contiguous (see <see cref="RankingGroups.Of"/>); labels whole
    /// numbers from 0 to 4; features finite, in the order of <paramref name="featureNames"/>.</param>
    public static RankingModel Train(IReadOnlyList<RankingExample> examples, IReadOnlyList<string> featureNames, LambdaMartSettings settings)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (examples.Count == 0)
        {
            throw new ArgumentException("There is nothing to train on.", nameof(examples));
        }

        if (featureNames.Count == 0 || featureNames.Distinct(StringComparer.Ordinal).Count() != featureNames.Count)
        {
            throw new ArgumentException("Feature names must be present and distinct.", nameof(featureNames));
        }

        CheckExamples(examples, featureNames.Count);
        var groups = RankingGroups.Of(examples);

        var mlContext = new MLContext(settings.Seed);
        var data = mlContext.Data.LoadFromEnumerable(TrainingRows(examples, groups), Schema(featureNames.Count, groups.Count));
        var trainer = mlContext.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
        {
            LabelColumnName = LabelColumn,
            RowGroupColumnName = GroupColumn,
            FeatureColumnName = FeaturesColumn,
            NumberOfTrees = settings.NumberOfTrees,
            NumberOfLeaves = settings.NumberOfLeaves,
            LearningRate = settings.LearningRate,
            MinimumExampleCountPerLeaf = settings.MinimumExamplesPerLeaf,
            NumberOfThreads = 1,
            Seed = settings.Seed,
            FeatureSelectionSeed = settings.Seed,
            // Keeps the transposed training data in memory rather than in temporary files.
            DiskTranspose = false,
        });
        var transformer = trainer.Fit(data);

        var coverage = TreeEnsembleScorer
            .FromEnsemble(transformer.Model.TrainedTreeEnsemble, featureNames.Count)
            .CountLeafVisits(examples.Select(e => e.Features));
        using var saved = new MemoryStream();
        mlContext.Model.Save(transformer, data.Schema, saved);
        var manifest = new RankingManifest(
            RankingModelFile.CurrentFormat, [.. featureNames], coverage, settings, examples.Count, groups.Count);
        return RankingModel.FromBytes(RankingModelFile.Compose(saved.ToArray(), manifest));
    }

    static void CheckExamples(IReadOnlyList<RankingExample> examples, int featureCount)
    {
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            if (example.Features.Length != featureCount)
            {
                throw new ArgumentException($"Row {i} has {example.Features.Length} features, expected {featureCount}.", nameof(examples));
            }

            if (example.Label is < 0 or > MaximumLabel || example.Label != MathF.Floor(example.Label))
            {
                throw new ArgumentException($"Row {i} has label {example.Label}; labels must be whole numbers from 0 to {MaximumLabel}.", nameof(examples));
            }

            foreach (var value in example.Features)
            {
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException($"Row {i} has a feature that is not a finite number.", nameof(examples));
                }
            }
        }
    }

    // ML.NET wants the group as a key column; keys count from 1 (0 means missing), one key per contiguous group.
    static IEnumerable<TrainingRow> TrainingRows(IReadOnlyList<RankingExample> examples, IReadOnlyList<RankingGroup> groups)
    {
        for (var g = 0; g < groups.Count; g++)
        {
            for (var i = groups[g].Start; i < groups[g].Start + groups[g].Count; i++)
            {
                yield return new TrainingRow { Label = examples[i].Label, GroupId = (uint)(g + 1), Features = examples[i].Features };
            }
        }
    }

    static SchemaDefinition Schema(int featureCount, int groupCount)
    {
        var schema = SchemaDefinition.Create(typeof(TrainingRow));
        schema[GroupColumn].ColumnType = new KeyDataViewType(typeof(uint), (ulong)groupCount);
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    sealed class TrainingRow
    {
        public float Label { get; set; }

        public uint GroupId { get; set; }

        public float[] Features { get; set; } = [];
    }
}
