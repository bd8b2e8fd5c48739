namespace TalentMatch.Matching.Ranking;

/// <summary>
/// The expected output of every split node: the mean of the leaf values below it, each leaf weighted by how
/// many training examples reached it. That is the value the tree would give an example known only to have
/// reached the node, which is what path-based attribution needs.
/// </summary>
internal static class NodeExpectations
{
    /// <summary>Writes each split node's expectation into <paramref name="values"/>; leaves keep their value.</summary>
    public static void Fill(TreeNode[] nodes, double[] values, int[] roots, int[] leafNodes, IReadOnlyList<int>? leafCoverage)
    {
        var weights = new double[nodes.Length];
        for (var i = 0; i < leafNodes.Length; i++)
        {
            weights[leafNodes[i]] = leafCoverage?[i] ?? 1;
        }

        foreach (var root in roots)
        {
            Visit(root, nodes, values, weights);
        }
    }

    static Subtree Visit(int node, TreeNode[] nodes, double[] values, double[] weights)
    {
        var split = nodes[node];
        if (split.Left == node)
        {
            return new Subtree(weights[node] * values[node], weights[node], values[node], 1);
        }

        var left = Visit(split.Left, nodes, values, weights);
        var right = Visit(split.Right, nodes, values, weights);
        var both = new Subtree(left.WeightedSum + right.WeightedSum, left.Weight + right.Weight, left.PlainSum + right.PlainSum, left.Leaves + right.Leaves);

        // A subtree no training example reached (possible only for coverage counted on other data) has no
        // empirical mean; its leaves then count equally.
        values[node] = both.Weight > 0 ? both.WeightedSum / both.Weight : both.PlainSum / both.Leaves;
        return both;
    }

    readonly record struct Subtree(double WeightedSum, double Weight, double PlainSum, int Leaves);
}
