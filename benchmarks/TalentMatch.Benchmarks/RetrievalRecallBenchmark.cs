using System.Diagnostics;
using System.Globalization;
using System.Text;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Benchmarks;

/// <summary>
/// Whether following occupations in retrieval finds more of the relevant openings (and people) within the
/// re-rank depth, and which number of skills per skill and which weight to use: chosen on the validation
/// occupations, reported on the test occupations, against retrieval without occupations.
/// </summary>
static class RetrievalRecallBenchmark
{
    const int Seed = 20261123;

    static readonly int[] Budgets = [12, 24, 36, 48, 72];
    static readonly float[] Weights = [0.1f, 0.25f, 0.4f];

    public static async Task RunAsync(int poolSize)
    {
        var clock = Stopwatch.StartNew();
        var space = Machine.EscoSpace();
        var generator = new SyntheticMatches(space, Seed);
        var depth = MatchEngine.RerankDepth;
        var pool = generator.Openings(null, poolSize, stream: 1);
        var validationPeople = generator.People(SyntheticMatches.Split.Validation, 400, stream: 2);
        var testPeople = generator.People(SyntheticMatches.Split.Test, 800, stream: 3);
        var validation = RetrievalRecall.OpeningsForPeople(space, pool, validationPeople);
        var test = RetrievalRecall.OpeningsForPeople(space, pool, testPeople);
        // People who list little (a first profile: three skills) are where reach could matter. The same people with
        // their listed skills cut to three at random; relevance still comes from their real skills.
        var shortValidation = RetrievalRecall.OpeningsForPeople(space, pool, Short(validationPeople));
        var shortTest = RetrievalRecall.OpeningsForPeople(space, pool, Short(testPeople));
        Console.WriteLine($"pool and relevance in {clock.Elapsed.TotalSeconds:F1} s");

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"""
            # Retrieval recall through occupations

            Does retrieval find more of the openings (and people) that really fit when it also follows skills that the
            same occupations need (`SkillSpace.SameOccupation`: per skill, at most {SkillSpace.DefaultSameOccupationSkills} skills that at least
            {SkillSpace.MinimumSameOccupationShare:0%} of its occupations need, by that share times rarity), and at what cost? A query follows at most a
            budget of such skills in all, shared evenly among its skills, each at weight × the skill's rarity.

            Command: `dotnet run -c Release --project benchmarks/TalentMatch.Benchmarks -- retrieval-recall {poolSize}`

            Full ESCO v1.1.1 skill space ({space.SkillCount:N0} skills). A pool of {poolSize:N0} generated openings from every
            occupation; queries are generated people of the validation occupations (settings chosen there) and of the test
            occupations (reported), generated as for training: they list 70% of their real skills, a fifth of those under a
            neighbouring skill, and carry part of an earlier occupation's skills. "Three skills": the same people with their
            listed skills cut to three at random. An opening is relevant to a person when their real skills give it grade
            {RetrievalRecall.RelevantGrade} or 4 (three quarters of its essential skills or more, less for a practical mismatch). Recall is the share
            of a person's relevant openings among the {depth} that retrieval hands to the re-ranker, averaged over people with
            at least one, with 95% bootstrap intervals; gains are paired by person. Extra postings: posting entries the
            occupation skills add to a query, on average (the work retrieval adds). Measured {DateTime.UtcNow:yyyy-MM-dd} on:
            {Machine.Describe()}

            ## Validation occupations, profile → openings

            Full profiles: {validation.Queries} people, {validation.RelevantPerQuery:F1} relevant openings each; three skills: {shortValidation.Queries} people.

            | setting | full profiles: recall@{depth} | gain | extra postings | three skills: recall@{depth} | gain | extra postings |
            |---|---|---|---:|---|---|---:|
            """);

        var none = validation.Measure(RetrievalSetting.None, depth, Seed);
        var shortNone = shortValidation.Measure(RetrievalSetting.None, depth, Seed);
        var reach = validation.Measure(RetrievalSetting.None, poolSize, Seed);
        var shortReach = shortValidation.Measure(RetrievalSetting.None, poolSize, Seed);
        report.AppendLine(CultureInfo.InvariantCulture, $"| {none.Setting} | {none.Recall} | | 0 | {shortNone.Recall} | | 0 |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| {none.Setting}, any depth (everything sharing a listed or related skill) | {reach.Recall} | {RetrievalRecall.Gain(reach, none, Seed)} | | {shortReach.Recall} | {RetrievalRecall.Gain(shortReach, shortNone, Seed)} | |");
        var settings = Budgets.SelectMany(b => Weights.Select(w => new RetrievalSetting(b, w)))
            .Append(new RetrievalSetting(10_000, 0.1f, PerSkill: 2))
            .ToList();
        RetrievalSetting? chosen = null;
        var chosenRecall = 0.0;
        foreach (var setting in settings)
        {
            var full = validation.Measure(setting, depth, Seed);
            var three = shortValidation.Measure(setting, depth, Seed);
            var fullGain = RetrievalRecall.Gain(full, none, Seed);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {setting} | {full.Recall} | {fullGain} | {full.ExtraPostings:N0} | {three.Recall} | {RetrievalRecall.Gain(three, shortNone, Seed)} | {three.ExtraPostings:N0} |");
            Console.WriteLine($"{setting}: {full.Recall} / {three.Recall} ({clock.Elapsed.TotalSeconds:F0} s)");
            // The most for people who list little, without costing full profiles anything.
            if (fullGain.Estimate >= 0 && three.Recall.Estimate > chosenRecall)
            {
                (chosen, chosenRecall) = (setting, three.Recall.Estimate);
            }
        }

        chosen ??= RetrievalSetting.None;
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"""
            Chosen on validation: the best recall for three skills among settings that do not lower it for full profiles:
            **{chosen}**. The default in the code: budget {SkillIndex<Opening>.DefaultOccupationBudget}, weight {SkillIndex<Opening>.DefaultOccupationWeight:0.##}.

            The other design: the person's best-fitting occupations inferred from their listed skills (rarity-weighted share
            of each occupation's essential skills they list, related skills at half), and every opening of one of the m
            best given weight × that fit on top of its score. Scored over the whole pool to see what it could reach at
            best (it needs every opening's occupation, which a real vacancy need not name):

            | setting | full profiles: recall@{depth} | gain | three skills: recall@{depth} | gain |
            |---|---|---|---|---|
            """);
        (int M, float Weight, double Recall)? inferred = null;
        foreach (var m in new[] { 1, 3, 5 })
        {
            foreach (var weight in new[] { 0.25f, 0.5f })
            {
                var full = validation.MeasureInferredOccupations(m, weight, depth, Seed);
                var three = shortValidation.MeasureInferredOccupations(m, weight, depth, Seed);
                report.AppendLine(CultureInfo.InvariantCulture, $"| {m} occupations, weight {weight:0.##} | {full.Recall} | {RetrievalRecall.Gain(full, none, Seed)} | {three.Recall} | {RetrievalRecall.Gain(three, shortNone, Seed)} |");
                Console.WriteLine($"inferred {m} {weight}: {full.Recall} / {three.Recall} ({clock.Elapsed.TotalSeconds:F0} s)");
                if (inferred is null || three.Recall.Estimate > inferred.Value.Recall)
                {
                    inferred = (m, weight, three.Recall.Estimate);
                }
            }
        }

        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"""
            ## Test occupations

            Profile → openings: full profiles {test.Queries} people, {test.RelevantPerQuery:F1} relevant openings each; three skills {shortTest.Queries} people.
            Vacancy → people: a pool of up to 100,000 generated people (grading real skill sets is heavier); queries are
            generated vacancies of the split's occupations, relevant people graded the same way.

            | direction | setting | recall@{depth} | gain over no occupations | extra postings |
            |---|---|---|---|---:|
            """);
        foreach (var (label, set) in new[] { ("profile → openings, full profiles", test), ("profile → openings, three skills", shortTest) })
        {
            var plain = set.Measure(RetrievalSetting.None, depth, Seed);
            var expanded = set.Measure(chosen, depth, Seed);
            var other = set.MeasureInferredOccupations(inferred!.Value.M, inferred.Value.Weight, depth, Seed);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {plain.Setting} | {plain.Recall} | | 0 |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {expanded.Setting} | {expanded.Recall} | {RetrievalRecall.Gain(expanded, plain, Seed)} | {expanded.ExtraPostings:N0} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| {label} | inferred occupations ({inferred.Value.M}, weight {inferred.Value.Weight:0.##}), whole pool scored | {other.Recall} | {RetrievalRecall.Gain(other, plain, Seed)} | |");
        }

        var people = generator.People(null, Math.Min(poolSize, 100_000), stream: 4);
        foreach (var (label, split, stream) in new[] { ("validation", SyntheticMatches.Split.Validation, 5), ("test", SyntheticMatches.Split.Test, 6) })
        {
            var vacancies = RetrievalRecall.PeopleForOpenings(space, people, generator.Openings(split, split == SyntheticMatches.Split.Test ? 800 : 400, stream));
            var plain = vacancies.Measure(RetrievalSetting.None, depth, Seed);
            var expanded = vacancies.Measure(chosen, depth, Seed);
            var direction = $"vacancy → people, {label} occupations ({vacancies.Queries} vacancies, {vacancies.RelevantPerQuery:F1} relevant people each)";
            report.AppendLine(CultureInfo.InvariantCulture, $"| {direction} | {plain.Setting} | {plain.Recall} | | 0 |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| {direction} | {expanded.Setting} | {expanded.Recall} | {RetrievalRecall.Gain(expanded, plain, Seed)} | {expanded.ExtraPostings:N0} |");
        }

        var load = Machine.LoadAverage();
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Ran in {clock.Elapsed.TotalSeconds:F0} s; machine load average (1 min) at the end: {load} (recall does not depend on load).");
        Console.WriteLine(report);
        var path = Path.Combine(Machine.ResultsFolder(), poolSize == 100_000 ? "retrieval-recall.md" : $"retrieval-recall-{poolSize}.md");
        await File.WriteAllTextAsync(path, report.ToString());
        Console.WriteLine($"wrote {path}");
    }

    static List<RealPerson> Short(List<RealPerson> people)
    {
        var random = new Random(Seed);
        return people.Select(p =>
        {
            var keep = Enumerable.Range(0, p.Person.Skills.Length).OrderBy(_ => random.Next()).Take(3).Order().ToArray();
            return p with { Person = p.Person with { Skills = keep.Select(i => p.Person.Skills[i]).ToArray(), Levels = keep.Select(i => p.Person.Levels[i]).ToArray() } };
        }).ToList();
    }
}
