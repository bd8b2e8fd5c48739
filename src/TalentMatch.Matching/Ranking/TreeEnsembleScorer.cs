using System.Runtime.InteropServices;

namespace TalentMatch.Matching.Ranking;

/// <summary>
/// Scores feature vectors with a boosted tree ensemble held in flat arrays, so a live request never touches
/// ML.NET: no IDataView, no prediction-engine pool, no allocation. Every field is written once in the
/// constructor, so one instance serves any number of threads. Batches go through <see cref="QuickScorer"/>,
/// eight candidates to a vector; score a request's candidates in one call rather than one by one.
/// </summary>
/// <remarks>
/// A split sends a value <c>x</c> left when <c>x &lt;= threshold</c>, exactly as ML.NET does; NaN fails that
/// test and goes right, which is also what ML.NET does for FastTree models (they carry no missing-value defaults).
/// A tree that never split scores 0, again as ML.NET does. Trees are added in order and the bias last, the way
/// ML.NET adds them, so scores match ML.NET's bit for bit.
/// </remarks>
public sealed partial class TreeEnsembleScorer
{
    // Every node of every tree, tree after tree, root first; a leaf points to itself on both sides. Explanations
    // and leaf counts walk these; scoring uses the QuickScorer layout built from them.
    readonly TreeNode[] _nodes;

    // Per node: the leaf value for a leaf; for a split, the expected output of the examples that reach it.
    readonly double[] _values;
    readonly int[] _roots;
    readonly int[] _leafNodes;
    readonly double _bias;
    readonly QuickScorer _quickScorer;

    /// <summary>Length every feature vector must have.</summary>
    public int FeatureCount { get; }

    public int TreeCount => _roots.Length;

    public int LeafCount => _leafNodes.Length;

    /// <summary>
    /// The score an explanation starts from: the ensemble bias plus every tree's expected output over the training
    /// examples. Contributions from <see cref="Explain"/> add up from here to the score.
    /// </summary>
    public double BaseValue { get; }

    /// <summary>Whether node expectations are weighted by how many training examples reached each leaf.</summary>
    public bool HasLeafCoverage { get; }

    internal TreeEnsembleScorer(int featureCount, TreeNode[] nodes, double[] values, int[] roots, double bias, IReadOnlyList<int>? leafCoverage)
    {
        FeatureCount = featureCount;
        _nodes = nodes;
        _values = values;
        _roots = roots;
        _bias = bias;
        TreeShape.Check(nodes, roots, featureCount);
        _leafNodes = [.. Enumerable.Range(0, nodes.Length).Where(IsLeaf)];
        _quickScorer = new QuickScorer(nodes, values, roots, bias, featureCount);
        if (leafCoverage is not null && leafCoverage.Count != _leafNodes.Length)
        {
            throw new ArgumentException($"Leaf coverage has {leafCoverage.Count} counts for {_leafNodes.Length} leaves.", nameof(leafCoverage));
        }

        HasLeafCoverage = leafCoverage is not null;
        NodeExpectations.Fill(nodes, values, roots, _leafNodes, leafCoverage);
        BaseValue = bias + roots.Sum(root => values[root]);
    }

    /// <summary>Scores one candidate.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        CheckLength(features);
        Span<float> score = stackalloc float[1];
        _quickScorer.Score(features, score);
        return score[0];
    }

    /// <summary>
    /// Scores many candidates laid out row after row in <paramref name="candidates"/> (each row
    /// <see cref="FeatureCount"/> long) into <paramref name="scores"/>.
    /// </summary>
    public void Score(ReadOnlySpan<float> candidates, Span<float> scores) => Score(candidates, scores, _quickScorer.BestPath);

    /// <summary>Lets tests run the scalar path that machines without 256-bit SIMD take.</summary>
    internal void Score(ReadOnlySpan<float> candidates, Span<float> scores, bool vectorised) =>
        Score(candidates, scores, vectorised ? _quickScorer.BestPath : ScoringPath.OneByOne);

    /// <summary>Whether the SIMD paths for trees of at most 32 leaves apply.</summary>
    internal bool HasNarrowTrees => _quickScorer.HasNarrowMasks;

    /// <summary>Lets tests run each path, whichever this machine would take.</summary>
    internal void Score(ReadOnlySpan<float> candidates, Span<float> scores, ScoringPath path)
    {
        if (candidates.Length != scores.Length * FeatureCount)
        {
            throw new ArgumentException(
                $"{candidates.Length} values do not make {scores.Length} rows of {FeatureCount} features.", nameof(candidates));
        }

        _quickScorer.Score(candidates, scores, path);
    }

    /// <summary>
    /// Scores one candidate and says which features moved the score, the path-based way of Saabas
    /// ("treeinterpreter"): walking each tree from root to leaf, every split credits its feature with the change in
    /// expected output from the node to the child taken. Per tree those changes telescope to leaf value minus root
    /// expectation, so <see cref="BaseValue"/> plus all contributions equals the score (up to float rounding).
    /// Node expectations are means of the leaf values below, weighted by how many training examples reached each
    /// leaf when the model carries that coverage, else weighted equally (ML.NET does not expose FastTree's own
    /// node values). Unlike SHAP, the credit depends on split order, so treat it as a guide, not an axiom-backed
    /// attribution.
    /// </summary>
    /// <param name="contributions">Receives one contribution per feature; must be <see cref="FeatureCount"/> long.</param>
    public float Explain(ReadOnlySpan<float> features, Span<double> contributions)
    {
        CheckLength(features);
        if (contributions.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected room for {FeatureCount} contributions, got {contributions.Length}.", nameof(contributions));
        }

        contributions.Clear();
        var sum = 0.0;
        foreach (var root in _roots)
        {
            var node = root;
            while (!IsLeaf(node))
            {
                ref readonly var split = ref _nodes[node];
                var next = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
                contributions[split.Feature] += _values[next] - _values[node];
                node = next;
            }

            sum += _values[node];
        }

        return (float)(sum + _bias);
    }

    /// <summary>
    /// Counts, per leaf (trees in order, each tree's leaves in ML.NET's order), how many of
    /// <paramref name="examples"/> land there. Run over the training set this is the coverage that weights
    /// explanations.
    /// </summary>
    public int[] CountLeafVisits(IEnumerable<float[]> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var ordinal = new Dictionary<int, int>(_leafNodes.Length);
        for (var i = 0; i < _leafNodes.Length; i++)
        {
            ordinal[_leafNodes[i]] = i;
        }

        var counts = new int[_leafNodes.Length];
        foreach (var features in examples)
        {
            CheckLength(features);
            foreach (var root in _roots)
            {
                var node = root;
                while (!IsLeaf(node))
                {
                    ref readonly var split = ref _nodes[node];
                    node = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
                }

                counts[ordinal[node]]++;
            }
        }

        return counts;
    }

    bool IsLeaf(int node) => _nodes[node].Left == node;

    void CheckLength(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got {features.Length}.", nameof(features));
        }
    }
}

/// <summary>One node of the tree arrays. A leaf has <c>Left == Right ==</c> its own index.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct TreeNode(int Feature, float Threshold, int Left, int Right)
{
    public static TreeNode Leaf(int self) => new(0, 0, self, self);
}
