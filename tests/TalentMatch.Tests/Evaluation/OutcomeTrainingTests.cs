using System.Text.Json;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Features;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Startup;

namespace TalentMatch.Tests.Evaluation;

public sealed class OutcomeTrainingTests
{
    [Theory]
    [InlineData("hired", 4)]
    [InlineData("interview", 3)]
    [InlineData("accepted", 2)]
    [InlineData("proposed", 2)]
    [InlineData("shortlisted", 1)]
    [InlineData("rejected", 0)]
    [InlineData("declined", null)]
    public void Grades_outcomes_by_how_far_the_person_got(string status, int? grade) => Assert.Equal(grade, OutcomeGrades.Of(status));

    [Theory]
    [InlineData("--with-outcome")]
    [InlineData("--queries", "ten")]
    [InlineData("--queries", "5")]
    [InlineData("--output")]
    public async Task A_train_command_line_with_a_mistake_says_so_starts_no_database_and_writes_nothing(params string[] mistake)
    {
        var output = Path.Combine(Path.GetTempPath(), $"talentmatch-train-{Guid.NewGuid():N}");
        string[] arguments = mistake[0] == "--output" ? ["--with-outcomes", .. mistake] : ["--with-outcomes", "--output", output, .. mistake];

        Assert.False(Commands.TryParse(["train", .. arguments], out _)!.NeedsDatabase);
        Assert.Equal(2, await TrainRanker.RunAsync(arguments));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_smaller_plan_keeps_the_default_proportions()
    {
        var plan = new TrainRanker.Options(null, null, 3000, false).Plan;
        var standard = new TrainingPlan();

        Assert.Equal((standard.TrainQueries, standard.ValidationQueries, standard.TestQueries), (plan.TrainQueries, plan.ValidationQueries, plan.TestQueries));
        Assert.Equal((30, 4, 8), (new TrainRanker.Options(null, null, 30, false).Plan is var small ? (small.TrainQueries, small.ValidationQueries, small.TestQueries) : default));
    }

    [Fact]
    public async Task With_enough_outcome_vacancies_one_in_five_is_held_out_and_scored()
    {
        var groups = Enumerable.Range(0, 12).Select(Group).ToList();
        var output = Path.Combine(Path.GetTempPath(), $"talentmatch-train-{Guid.NewGuid():N}");
        try
        {
            var options = new TrainRanker.Options(Path.Combine(output, "no-esco"), output, 30, true);
            Assert.Equal(0, await TrainRanker.RunAsync(options, new OutcomeSet(groups, 60, 0)));

            var outcomes = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(output, "match-ranker.metrics.json"))).GetProperty("outcomes");
            // Vacancies 0, 5 and 10 hash into the held-out fifth.
            Assert.Equal((9, 45, 3, 15), (outcomes.GetProperty("trainingGroups").GetInt32(), outcomes.GetProperty("trainingRows").GetInt32(),
                outcomes.GetProperty("heldOutGroups").GetInt32(), outcomes.GetProperty("heldOutRows").GetInt32()));
            Assert.Equal(["LambdaMART (ours)", "Jaccard overlap"], outcomes.GetProperty("heldOut").EnumerateArray().Select(r => r.GetProperty("ranker").GetString()));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>Five people for one vacancy, graded 0–4, whose essential coverage follows their grade.</summary>
    static OutcomeGroup Group(int index)
    {
        var vacancy = new Guid(index, 0, 0, [0, 0, 0, 0, 0, 0, (byte)index, 0]);
        var rows = Enumerable.Range(0, 5).Select(grade =>
        {
            var features = new float[MatchFeatures.Count];
            features[0] = grade / 4f;
            return new OutcomeRow(new Guid(index, (short)grade, 0, new byte[8]), "interview", grade, features, (grade + index % 3) / 8f);
        }).ToList();
        return new OutcomeGroup(vacancy, rows);
    }
}
