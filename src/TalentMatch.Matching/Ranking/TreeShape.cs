namespace TalentMatch.Matching.Ranking;

/// <summary>
/// Checks that the node arrays form proper trees before anything walks them without bounds checks: every child
/// inside its own tree and after its parent (so no walk can cycle), every split feature inside the vector.
/// </summary>
internal static class TreeShape
{
    public static void Check(TreeNode[] nodes, int[] roots, int featureCount)
    {
        for (var t = 0; t < roots.Length; t++)
        {
            var start = roots[t];
            var end = t + 1 < roots.Length ? roots[t + 1] : nodes.Length;
            if (start >= end)
            {
                throw new ArgumentException($"Tree {t} has no nodes.");
            }

            for (var node = start; node < end; node++)
            {
                var split = nodes[node];
                if (split.Left == node && split.Right == node)
                {
                    continue;
                }

                if (split.Left <= node || split.Right <= node || split.Left >= end || split.Right >= end)
                {
                    throw new ArgumentException($"Node {node} has a child outside its tree or not after it.");
                }

                if ((uint)split.Feature >= (uint)featureCount)
                {
                    throw new ArgumentException($"Node {node} splits on feature {split.Feature}, but vectors have {featureCount} features.");
                }
            }
        }
    }
}
