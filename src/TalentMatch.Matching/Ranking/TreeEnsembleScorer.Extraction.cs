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

        var trees = ensemble.Trees;
        var nodes = new TreeNode[trees.Sum(t => t.NumberOfLeaves > 1 ? t.NumberOfNodes : 0)];
        var leafValues = new double[trees.Sum(t => t.NumberOfLeaves > 1 ? t.NumberOfLeaves : 1)];
        var roots = new int[trees.Count];
        var nodeOffset = 0;
        var leafOffset = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            if (tree.NumberOfLeaves <= 1)
            {
                // ML.NET scores a tree that never split as 0 whatever its stored leaf says.
                roots[t] = ~leafOffset;
                leafValues[leafOffset++] = 0;
                continue;
            }

            if (tree.CategoricalSplitFlags.Any(categorical => categorical))
            {
                throw new NotSupportedException("Categorical splits are not supported; train with CategoricalSplit off (the default).");
            }

            roots[t] = nodeOffset;
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                nodes[nodeOffset + n] = new TreeNode(
                    tree.NumericalSplitFeatureIndexes[n],
                    tree.NumericalSplitThresholds[n],
                    Global(tree.LeftChild[n], nodeOffset, leafOffset),
                    Global(tree.RightChild[n], nodeOffset, leafOffset));
            }

            for (var l = 0; l < tree.NumberOfLeaves; l++)
            {
                leafValues[leafOffset + l] = tree.LeafValues[l];
            }

            nodeOffset += tree.NumberOfNodes;
            leafOffset += tree.NumberOfLeaves;
        }

        return new TreeEnsembleScorer(featureCount, nodes, leafValues, roots, ensemble.Bias, leafCoverage);
    }

    static int Global(int child, int nodeOffset, int leafOffset) => child >= 0 ? nodeOffset + child : ~(leafOffset + ~child);
}
