using TalentMatch.Web.Features.Skills;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Tests;

public sealed class SkillEvaluationTests : IDisposable
{
    readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    static (Taxonomy Taxonomy, Guid[] Ids) Small()
    {
        var taxonomy = new Taxonomy("seed");
        foreach (var (label, n) in new[] { ("Python", 1), ("PostgreSQL", 2), ("manage staff", 3), ("welding", 4) })
        {
            var id = new Guid(n, 0, 0, new byte[8]);
            taxonomy.Skills.Add(new SkillRow(id, null, $"s{n}", "skill", "cross-sector", label, null, null, null));
            taxonomy.AddSkillLabel(id, "en", label, "preferred");
        }

        return (taxonomy, taxonomy.Skills.Select(s => s.Id).Order().ToArray());
    }

    [Fact]
    public void Scores_per_sentence_against_the_sentences_gold_labels_and_skips_sentences_without_ESCO_gold()
    {
        File.WriteAllText(_file, """
            sentence,span,sub_span,label
            Python and PostgreSQL,Python,,Python
            Python and PostgreSQL,PostgreSQL,,PostgreSQL
            You manage staff,manage staff,,welding
            django only,django,,LABEL NOT PRESENT
            """);
        var (taxonomy, _) = Small();
        var (extractor, ids) = SkillExtraction.FromTaxonomy(taxonomy);
        var score = EvaluateSkills.ScoreExtraction("TEST", _file, taxonomy, extractor, ids);

        // Sentence 1 finds both gold skills in its top 2; sentence 2's gold (welding) is never proposed.
        Assert.Equal(2, score.Sentences);
        Assert.Equal(50.0, score.Rp5, 6);
        Assert.Equal(50.0, score.Mrr, 6);
    }
}
