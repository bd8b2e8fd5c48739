namespace TalentMatch.Matching.Ranking;

/// <summary>The knobs of one LambdaMART run. The defaults are ML.NET's FastTree defaults except for the seed.</summary>
public sealed record LambdaMartSettings
{
    public int NumberOfTrees { get; init; } = 100;
    public int NumberOfLeaves { get; init; } = 20;
    public double LearningRate { get; init; } = 0.2;
    public int MinimumExamplesPerLeaf { get; init; } = 10;
    public int Seed { get; init; } = 1;

    public override string ToString() =>
        $"trees {NumberOfTrees}, leaves {NumberOfLeaves}, learning rate {LearningRate:0.###}, min per leaf {MinimumExamplesPerLeaf}, seed {Seed}";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(NumberOfTrees, 1, nameof(NumberOfTrees));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumberOfLeaves, 2, nameof(NumberOfLeaves));

        // The live scorer keeps one bit per leaf in a 64-bit mask (see QuickScorer).
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NumberOfLeaves, QuickScorer.MaximumLeavesPerTree, nameof(NumberOfLeaves));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumExamplesPerLeaf, 1, nameof(MinimumExamplesPerLeaf));
        if (!(LearningRate > 0 && LearningRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must lie in (0, 1].");
        }
    }
}
