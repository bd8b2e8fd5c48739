using Microsoft.ML.Trainers.FastTree;

namespace TalentMatch.Matching.Ranking;

public sealed partial class TreeEnsembleScorer
{
    /// <summary>
    /// Copies a trained FastTree ensemble into flat arrays. Tree weights are not applied because ML.NET's own
    /// scoring does not apply them either: the score is the bias plus the sum of the leaf values reached.
    /// </summary>
    /// <param name="leafCoverage">Training examples per leaf, trees in order (see <see cref="CountLeafVisits"/>);
    /// null weights leaves equally in explanations.</param>
    public static TreeEnsembleScorer FromEnsemble(RegressionTreeEnsemble ensemble, int featureCount, IReadOnlyList<int>? leafCoverage = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);

        var nodes = new List<TreeNode>();
        var values = new List<double>();
        var roots = new int[ensemble.Trees.Count];
        for (var t = 0; t < roots.Length; t++)
        {
            var tree = ensemble.Trees[t];
            var root = nodes.Count;
            roots[t] = root;
            if (tree.NumberOfLeaves <= 1)
            {
                // ML.NET scores a tree that never split as 0 whatever its stored leaf says.
                nodes.Add(TreeNode.Leaf(root));
                values.Add(0);
                continue;
            }

            if (tree.CategoricalSplitFlags.Any(categorical => categorical))
            {
                throw new NotSupportedException("Categorical splits are not supported; train with CategoricalSplit off (the default).");
            }

            // ML.NET numbers a tree's splits 0..n-1 and its leaves ~0..~(n); here leaf l follows the n splits.
            var splits = tree.NumberOfNodes;
            int Node(int child) => root + (child >= 0 ? child : splits + ~child);
            for (var n = 0; n < splits; n++)
            {
                nodes.Add(new TreeNode(
                    tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n], Node(tree.LeftChild[n]), Node(tree.RightChild[n])));
                values.Add(0);
            }

            for (var l = 0; l < tree.NumberOfLeaves; l++)
            {
                nodes.Add(TreeNode.Leaf(root + splits + l));
                values.Add(tree.LeafValues[l]);
            }
        }

        return new TreeEnsembleScorer(featureCount, [.. nodes], [.. values], roots, ensemble.Bias, leafCoverage);
    }
}
