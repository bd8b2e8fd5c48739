namespace TalentMatch.Matching.Ranking;

/// <summary>
/// The expected output of every internal node: the mean of the leaf values below it, each leaf weighted by how
/// many training examples reached it. That is the value the tree would give an example known only to have
/// reached the node, which is what path-based attribution needs.
/// </summary>
internal static class NodeExpectations
{
    public static double[] Compute(TreeNode[] nodes, double[] leafValues, int[] roots, IReadOnlyList<int>? leafCoverage)
    {
        var expectations = new double[nodes.Length];
        foreach (var root in roots)
        {
            if (root >= 0)
            {
                Visit(root, nodes, leafValues, leafCoverage, expectations);
            }
        }

        return expectations;
    }

    static Subtree Visit(int child, TreeNode[] nodes, double[] leafValues, IReadOnlyList<int>? leafCoverage, double[] expectations)
    {
        if (child < 0)
        {
            var leaf = ~child;
            var weight = leafCoverage?[leaf] ?? 1;
            return new Subtree(weight * leafValues[leaf], weight, leafValues[leaf], 1);
        }

        var left = Visit(nodes[child].Left, nodes, leafValues, leafCoverage, expectations);
        var right = Visit(nodes[child].Right, nodes, leafValues, leafCoverage, expectations);
        var both = new Subtree(left.WeightedSum + right.WeightedSum, left.Weight + right.Weight, left.PlainSum + right.PlainSum, left.Leaves + right.Leaves);

        // A subtree no training example reached (possible only for coverage counted on other data) has no
        // empirical mean; its leaves then count equally.
        expectations[child] = both.Weight > 0 ? both.WeightedSum / both.Weight : both.PlainSum / both.Leaves;
        return both;
    }

    readonly record struct Subtree(double WeightedSum, double Weight, double PlainSum, int Leaves);
}
