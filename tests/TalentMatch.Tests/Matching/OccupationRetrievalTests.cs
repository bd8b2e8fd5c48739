using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Tests.Matching;

/// <summary>Retrieval through skills that the same occupations need, on a taxonomy small enough to work out on paper.</summary>
public sealed class OccupationRetrievalTests
{
    // Skills 0..29. Occupation 0 (a care worker, say) needs 0, 1, 2, 3 and 5 essentially; only it needs 3. Skill 5 is
    // related to 3. Occupation 1 needs 0, 1, 2 and 4; 2..7 need 20..29 between them. Skill 9 ("communication") is
    // needed by every occupation, optionally. Occupation 8 needs 10..19 (ten skills), and 10 is needed by it alone.
    const int Skills = 30;
    const int Common = 9;
    static readonly Guid[] SkillIds = Enumerable.Range(0, Skills).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
    static readonly Guid[] OccupationIds = Enumerable.Range(0, 9).Select(i => new Guid(0, 0, 0, [2, 0, 0, 0, 0, 0, 0, (byte)i])).ToArray();

    static readonly SkillSpace Space = new(SkillIds, [(SkillIds[3], SkillIds[5])], OccupationIds,
    [
        .. new[] { 0, 1, 2, 3, 5 }.Select(s => (OccupationIds[0], SkillIds[s], true)),
        .. new[] { 0, 1, 2, 4 }.Select(s => (OccupationIds[1], SkillIds[s], true)),
        .. Enumerable.Range(2, 6).SelectMany(o => new[] { 20 + o, 21 + o }.Select(s => (OccupationIds[o], SkillIds[s], true))),
        .. Enumerable.Range(10, 10).Select(s => (OccupationIds[8], SkillIds[s], true)),
        .. OccupationIds.Select(o => (o, SkillIds[Common], false)),
    ]);

    static Opening Vacancy(params int[] skills) =>
        new(Guid.NewGuid(), false, skills, skills.Select(_ => (byte)2).ToArray(), skills.Select(_ => true).ToArray(), 3, 2311, 32, 0, 0);

    static Candidate Person(params int[] skills) =>
        new(Guid.NewGuid(), skills, skills.Select(_ => (byte)3).ToArray(), 3, 2311, 32, 0, []);

    [Fact]
    public void An_opening_sharing_no_skill_nor_related_skill_is_found_when_the_persons_occupation_needs_its_skills()
    {
        var opening = Vacancy(0, 1);
        var unrelated = Vacancy(22, 23);
        var index = new SkillIndex<Opening>(Space, [opening, unrelated]);

        var found = index.Retrieve([3], 10);

        Assert.Equal([opening], found.Select(r => r.Item));
        Assert.Empty(new SkillIndex<Opening>(Space, [opening, unrelated]) { OccupationWeight = 0 }.Retrieve([3], 10));
        Assert.Empty(new SkillIndex<Opening>(Space.WithSameOccupation(0), [opening, unrelated]).Retrieve([3], 10));
    }

    [Fact]
    public void A_skill_leads_to_the_skills_of_its_occupations_but_not_to_itself_or_its_related_skills()
    {
        // Skill 3 belongs to occupation 0 alone, so 0, 1, 2 and 5 come with it every time, but 5 is related already;
        // 9 is needed by all nine occupations and only optionally, so it is no target at all. Equal strength: by index.
        Assert.Equal([0, 1, 2], Space.SameOccupation[3]);
    }

    [Fact]
    public void The_list_per_skill_is_bounded()
    {
        // Skill 10 comes with nine others, every one of them every time.
        Assert.Equal(9, Space.SameOccupation[10].Length);
        Assert.Equal(5, Space.WithSameOccupation(5).SameOccupation[10].Length);
        Assert.All(Space.WithSameOccupation(2).SameOccupation, skills => Assert.True(skills.Length <= 2));
        Assert.All(Space.WithSameOccupation(0).SameOccupation, Assert.Empty);
    }

    [Fact]
    public void A_query_shares_its_budget_of_occupation_skills_among_its_skills()
    {
        var throughThird = Vacancy(2);
        var openings = new List<Opening> { throughThird, Vacancy(11) };

        // One skill and a budget of three follows 0, 1 and 2; a budget of two stops before 2.
        Assert.Equal([throughThird], new SkillIndex<Opening>(Space, openings) { OccupationBudget = 3 }.Retrieve([3], 10).Select(r => r.Item));
        Assert.Empty(new SkillIndex<Opening>(Space, openings) { OccupationBudget = 2 }.Retrieve([3], 10));
        // Two skills and a budget of three: one each, so 10 reaches 11 but 3 no longer reaches 2.
        Assert.Equal([openings[1]], new SkillIndex<Opening>(Space, openings) { OccupationBudget = 3 }.Retrieve([3, 10], 10).Select(r => r.Item));
        // More skills than the budget: none at all.
        Assert.Empty(new SkillIndex<Opening>(Space, openings) { OccupationBudget = 1 }.Retrieve([3, 10], 10));
    }

    [Fact]
    public void A_skill_every_occupation_needs_does_not_fan_out()
    {
        // No other skill comes with "communication" in a quarter of its occupations.
        Assert.Empty(Space.SameOccupation[Common]);
        var index = new SkillIndex<Opening>(Space, [Vacancy(0, 1), Vacancy(22, 23), Vacancy(10, 11)]);
        Assert.Empty(index.Retrieve([Common], 10));
    }

    [Fact]
    public void A_skill_reached_through_occupations_weighs_less_than_a_related_skill()
    {
        Assert.True(SkillIndex<Opening>.DefaultOccupationWeight < SkillIndex<Opening>.RelatedWeight);
        var throughRelated = Vacancy(5);
        var throughOccupation = Vacancy(0);
        var index = new SkillIndex<Opening>(Space, [throughOccupation, throughRelated]);

        var found = index.Retrieve([3], 10);

        // A one-skill opening's score is the weight its skill was reached at: rarity × weight over its rarity.
        Assert.Equal([(throughRelated, Space.Rarity[5] * SkillIndex<Opening>.RelatedWeight / Space.Rarity[5]),
            (throughOccupation, Space.Rarity[0] * SkillIndex<Opening>.DefaultOccupationWeight / Space.Rarity[0])], found);
    }

    [Fact]
    public void A_vacancy_could_find_people_through_its_occupations_the_same_way()
    {
        var person = Person(0, 1);
        var other = Person(22, 23);
        var index = new SkillIndex<Candidate>(Space, [person, other]);

        var found = index.Retrieve(Vacancy(3).Skills, 10);

        Assert.Equal([(person, (Space.Rarity[0] * SkillIndex<Candidate>.DefaultOccupationWeight + Space.Rarity[1] * SkillIndex<Candidate>.DefaultOccupationWeight) / (Space.Rarity[0] + Space.Rarity[1]))],
            found.Select(f => (f.Item, f.Score)));
    }

    [Fact]
    public void Candidates_for_a_vacancy_are_not_looked_for_through_occupations()
    {
        // Measured: it finds no more of the people who fit a vacancy, so the engine leaves it out in that direction.
        var person = Person(0, 1);
        var engine = new MatchEngine(Space, new SkillIndex<Opening>(Space), new SkillIndex<Candidate>(Space, [person]), () => BaselineScorer.Instance);

        Assert.Empty(engine.CandidatesFor(Vacancy(3), 50));
        Assert.Single(engine.CandidatesFor(Vacancy(1), 50));
    }

    [Fact]
    public void A_match_found_only_through_occupations_claims_no_skill_the_person_lacks()
    {
        var opening = new Opening(Guid.NewGuid(), false, [0, 1, 4], [2, 2, 1], [true, true, false], 3, 2311, 32, 1, 0);
        var person = Person(3);
        var engine = new MatchEngine(Space, new SkillIndex<Opening>(Space, [opening]), new SkillIndex<Candidate>(Space), () => BaselineScorer.Instance);

        var match = Assert.Single(engine.OpeningsFor(person, 20, 0));

        Assert.Empty(match.Explanation.Matched);
        Assert.Equal([0, 1], match.Explanation.MissingEssential);
        Assert.Equal([4], match.Explanation.MissingOptional);
    }
}
