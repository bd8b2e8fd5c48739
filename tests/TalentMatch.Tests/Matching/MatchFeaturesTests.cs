using TalentMatch.Matching.Features;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Tests.Matching;

/// <summary>Feature values on hand-made pairs, where the right number can be worked out on paper.</summary>
public sealed class MatchFeaturesTests
{
    // Skills 0..5; 1 and 4 are related. Two occupations: 0 needs {0,1,2}, 1 needs {2,3}.
    static readonly Guid[] SkillIds = Enumerable.Range(0, 6).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
    static readonly Guid[] OccupationIds = [Guid.NewGuid(), Guid.NewGuid()];
    static readonly SkillSpace Space = new(SkillIds, [(SkillIds[1], SkillIds[4])], OccupationIds,
        [(OccupationIds[0], SkillIds[0], true), (OccupationIds[0], SkillIds[1], true), (OccupationIds[0], SkillIds[2], true),
         (OccupationIds[1], SkillIds[2], true), (OccupationIds[1], SkillIds[3], true)]);

    static Candidate Person(params (int Skill, byte Level)[] skills) =>
        new(Guid.NewGuid(), skills.Select(s => s.Skill).ToArray(), skills.Select(s => s.Level).ToArray(), EducationScale.Of("mbo3"), 2311, 32, 0, [0]);

    static Opening Vacancy(params (int Skill, byte MinLevel, bool Essential)[] skills) =>
        new(Guid.NewGuid(), false, skills.Select(s => s.Skill).ToArray(), skills.Select(s => s.MinLevel).ToArray(), skills.Select(s => s.Essential).ToArray(),
            EducationScale.Of("mbo2"), 2333, 40, 0, 0);

    static float[] Features(Candidate person, Opening opening)
    {
        var features = new float[MatchFeatures.Count];
        MatchFeatures.Compute(Space, person, opening, features);
        return features;
    }

    static float F(float[] features, string name) => features[Array.IndexOf(MatchFeatures.Names, name)];

    [Fact]
    public void Coverage_counts_essential_and_optional_skills_separately()
    {
        var f = Features(Person((0, 3), (2, 1)), Vacancy((0, 2, true), (1, 1, true), (2, 2, false), (3, 1, false)));
        Assert.Equal(0.5f, F(f, "essential_coverage"));            // has 0, lacks 1
        Assert.Equal(0.5f, F(f, "essential_coverage_at_level"));   // 0 at level 3 ≥ 2
        Assert.Equal(0.5f, F(f, "optional_coverage"));             // has 2, lacks 3
        Assert.Equal(0.5f, F(f, "mean_level_gap"));                // gaps: 0 (skill 0), 1 (skill 2)
        Assert.Equal(1f, F(f, "missing_essential_count"));
        Assert.Equal(2f / 4f, BaselineScores.Jaccard(Person((0, 3), (2, 1)), Vacancy((0, 2, true), (1, 1, true), (2, 2, false), (3, 1, false)))); // shared {0,2}, union {0,1,2,3}
    }

    [Fact]
    public void Neither_the_number_of_skills_listed_nor_wanted_occupations_is_a_feature()
    {
        Assert.DoesNotContain("jaccard", MatchFeatures.Names);
        Assert.DoesNotContain("wanted_occupation", MatchFeatures.Names);
        var opening = Vacancy((0, 1, true), (1, 1, true));
        var person = Person((0, 2), (1, 2));
        var listsMore = person with { Skills = [0, 1, 4, 5], Levels = [2, 2, 1, 1] };
        var wantsIt = person with { WantedOccupations = [0, 1] };
        var listsNothingElse = Features(person, opening);
        // Skill 4 is related to skill 1 and 5 is needed by no occupation, so only a count of skills could see them.
        Assert.Equal(listsNothingElse, Features(listsMore, opening));
        Assert.Equal(listsNothingElse, Features(wantsIt, opening));
    }

    [Fact]
    public void A_related_skill_covers_a_missing_one()
    {
        var f = Features(Person((4, 2)), Vacancy((1, 1, true), (3, 1, true)));
        Assert.Equal(0.5f, F(f, "related_coverage")); // 4 is related to 1; nothing relates to 3
    }

    [Fact]
    public void Occupation_overlap_uses_the_occupation_s_essential_skills()
    {
        var f = Features(Person((0, 1), (1, 1)), Vacancy((0, 1, true)));
        Assert.Equal(2f / 3f, F(f, "occupation_overlap"), 5);
    }

    [Fact]
    public void Practical_fit_features_follow_their_definitions()
    {
        var f = Features(Person((0, 1)), Vacancy((0, 1, true)));
        Assert.Equal(1f, F(f, "education_gap"));          // mbo3 against mbo2
        Assert.Equal(32f / 40f, F(f, "hours_fit"));
        Assert.Equal(1f, F(f, "region_fit"));              // 2311 and 2333 are both 23xx
        Assert.Equal(0f, MatchFeatures.RegionFit(2311, 1971));
        Assert.Equal(0.5f, MatchFeatures.RegionFit(2311, 2811));
    }

    [Fact]
    public void Rarer_skills_weigh_more()
    {
        // Skill 2 is needed by both occupations, skill 5 by none: 5 is rarer.
        Assert.True(Space.Rarity[5] > Space.Rarity[2]);
        var rare = Features(Person((5, 1)), Vacancy((5, 1, true), (2, 1, true)));
        var common = Features(Person((2, 1)), Vacancy((5, 1, true), (2, 1, true)));
        Assert.True(F(rare, "rarity_weighted_coverage") > F(common, "rarity_weighted_coverage"));
    }

    [Fact]
    public void The_engine_explains_with_skills_that_are_really_missing()
    {
        var openings = new SkillIndex<Opening>(Space);
        var vacancy = Vacancy((0, 2, true), (1, 1, true), (3, 1, false));
        openings.Upsert(vacancy);
        var engine = new MatchEngine(Space, openings, new SkillIndex<Candidate>(Space), () => BaselineScorer.Instance);
        var person = Person((0, 1), (5, 4));

        var match = Assert.Single(engine.OpeningsFor(person, 10, today: 0));

        var explanation = match.Explanation;
        Assert.Equal([new MatchedSkill(0, 1, 2, true)], explanation.Matched);
        Assert.Equal([1], explanation.MissingEssential);
        Assert.Equal([3], explanation.MissingOptional);
        Assert.All(explanation.MissingEssential.Concat(explanation.MissingOptional), s => Assert.DoesNotContain(s, person.Skills));
    }

    [Fact]
    public void Retrieval_skips_removed_items_and_sees_updates()
    {
        var index = new SkillIndex<Opening>(Space);
        var vacancy = Vacancy((0, 1, true));
        index.Upsert(vacancy);
        index.Upsert(vacancy with { Skills = [3], MinLevels = [1], Essential = [true] });

        Assert.Empty(index.Retrieve([0], 10));
        Assert.Single(index.Retrieve([3], 10));
        index.Remove(vacancy.Id);
        Assert.Empty(index.Retrieve([3], 10));
    }
}
