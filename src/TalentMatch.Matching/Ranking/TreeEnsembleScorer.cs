using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TalentMatch.Matching.Ranking;

/// <summary>
/// Scores feature vectors with a boosted tree ensemble held in flat arrays, so a live request never touches
/// ML.NET: no IDataView, no prediction-engine pool, no allocation. Every field is written once in the
/// constructor, so one instance serves any number of threads.
/// </summary>
/// <remarks>
/// A split sends a value <c>x</c> left when <c>x &lt;= threshold</c>, exactly as ML.NET does; NaN fails that
/// test and goes right, which is also what ML.NET does for FastTree models (they carry no missing-value defaults).
/// A tree that never split scores 0, again as ML.NET does.
/// </remarks>
public sealed partial class TreeEnsembleScorer
{
    // Internal nodes of all trees, tree after tree. A child reference c >= 0 is an index into _nodes;
    // c < 0 is a leaf, ~c indexing _leafValues.
    readonly TreeNode[] _nodes;
    readonly double[] _leafValues;
    readonly int[] _roots;
    readonly double _bias;

    // For explanations only: each internal node's expected output over the training examples that reached it.
    readonly double[] _nodeExpectations;

    /// <summary>Length every feature vector must have.</summary>
    public int FeatureCount { get; }

    public int TreeCount => _roots.Length;

    public int LeafCount => _leafValues.Length;

    /// <summary>
    /// The score an explanation starts from: the ensemble bias plus every tree's expected output over the training
    /// examples. Contributions from <see cref="Explain"/> add up from here to the score.
    /// </summary>
    public double BaseValue { get; }

    /// <summary>Whether node expectations are weighted by how many training examples reached each leaf.</summary>
    public bool HasLeafCoverage { get; }

    internal TreeEnsembleScorer(int featureCount, TreeNode[] nodes, double[] leafValues, int[] roots, double bias, IReadOnlyList<int>? leafCoverage)
    {
        FeatureCount = featureCount;
        _nodes = nodes;
        _leafValues = leafValues;
        _roots = roots;
        _bias = bias;
        CheckStructure();
        if (leafCoverage is not null && leafCoverage.Count != leafValues.Length)
        {
            throw new ArgumentException($"Leaf coverage has {leafCoverage.Count} counts for {leafValues.Length} leaves.", nameof(leafCoverage));
        }

        HasLeafCoverage = leafCoverage is not null;
        _nodeExpectations = NodeExpectations.Compute(nodes, leafValues, roots, leafCoverage);
        var baseValue = bias;
        foreach (var root in roots)
        {
            baseValue += Expectation(root);
        }

        BaseValue = baseValue;
    }

    /// <summary>Scores one candidate.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        CheckLength(features);
        return (float)Sum(features);
    }

    /// <summary>
    /// Scores many candidates laid out row after row in <paramref name="candidates"/> (each row
    /// <see cref="FeatureCount"/> long) into <paramref name="scores"/>.
    /// </summary>
    public void Score(ReadOnlySpan<float> candidates, Span<float> scores)
    {
        if (candidates.Length != scores.Length * FeatureCount)
        {
            throw new ArgumentException(
                $"{candidates.Length} values do not make {scores.Length} rows of {FeatureCount} features.", nameof(candidates));
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = (float)Sum(candidates.Slice(i * FeatureCount, FeatureCount));
        }
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
        var sum = _bias;
        foreach (var root in _roots)
        {
            var node = root;
            while (node >= 0)
            {
                ref readonly var split = ref _nodes[node];
                var next = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
                contributions[split.Feature] += Expectation(next) - _nodeExpectations[node];
                node = next;
            }

            sum += _leafValues[~node];
        }

        return (float)sum;
    }

    /// <summary>
    /// Counts, per leaf, how many of <paramref name="examples"/> land there. Run over the training set this is the
    /// coverage that weights explanations.
    /// </summary>
    public int[] CountLeafVisits(IEnumerable<float[]> examples)
    {
        var counts = new int[_leafValues.Length];
        foreach (var features in examples)
        {
            CheckLength(features);
            foreach (var root in _roots)
            {
                counts[~Leaf(root, features)]++;
            }
        }

        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    double Sum(ReadOnlySpan<float> features)
    {
        // The constructor checked every split feature against FeatureCount and every child index against the
        // arrays, and callers checked the vector length, so the hot loop can skip bounds checks.
        ref var node0 = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var feature0 = ref MemoryMarshal.GetReference(features);
        ref var leaf0 = ref MemoryMarshal.GetArrayDataReference(_leafValues);
        var sum = 0.0;
        foreach (var root in _roots)
        {
            var node = root;
            while (node >= 0)
            {
                ref readonly var split = ref Unsafe.Add(ref node0, node);
                node = Unsafe.Add(ref feature0, split.Feature) <= split.Threshold ? split.Left : split.Right;
            }

            sum += Unsafe.Add(ref leaf0, ~node);
        }

        // ML.NET adds the trees up in order from zero; adding the bias last keeps our sum identical to it.
        return sum + _bias;
    }

    int Leaf(int root, ReadOnlySpan<float> features)
    {
        var node = root;
        while (node >= 0)
        {
            ref readonly var split = ref _nodes[node];
            node = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
        }

        return node;
    }

    double Expectation(int child) => child >= 0 ? _nodeExpectations[child] : _leafValues[~child];

    void CheckLength(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got {features.Length}.", nameof(features));
        }
    }

    void CheckStructure()
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            var split = _nodes[i];
            if ((uint)split.Feature >= (uint)FeatureCount)
            {
                throw new ArgumentException($"A split uses feature {split.Feature}, but vectors have {FeatureCount} features.");
            }

            // Children after their parent rules out cycles, so every walk ends in a leaf.
            CheckChild(split.Left, i);
            CheckChild(split.Right, i);
        }

        foreach (var root in _roots)
        {
            CheckChild(root, -1);
        }
    }

    void CheckChild(int child, int parent)
    {
        if (child >= 0 ? child <= parent || child >= _nodes.Length : ~child >= _leafValues.Length)
        {
            throw new ArgumentException($"Node {parent} refers to node {child}, which is not a later node or a leaf.");
        }
    }
}

/// <summary>One split, 16 bytes, so four share a cache line.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct TreeNode(int Feature, float Threshold, int Left, int Right);
