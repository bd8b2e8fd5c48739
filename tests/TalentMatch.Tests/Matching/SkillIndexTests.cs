using TalentMatch.Matching.Model;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Tests.Matching;

/// <summary>The one-pass start-up build must give the same index as item-by-item upserts, and stay correct when updated.</summary>
public sealed class SkillIndexTests
{
    const int SkillCount = 40;
    static readonly Guid[] SkillIds = Enumerable.Range(0, SkillCount).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
    static readonly Guid[] OccupationIds = Enumerable.Range(0, 4).Select(i => new Guid(0, 0, 0, [1, 0, 0, 0, 0, 0, 0, (byte)i])).ToArray();

    // Related pairs and uneven occupation links, so retrieval weights differ by skill.
    static readonly SkillSpace Space = new(SkillIds,
        Enumerable.Range(0, SkillCount - 1).Where(i => i % 3 == 0).Select(i => (SkillIds[i], SkillIds[i + 1])).ToList(),
        OccupationIds,
        Enumerable.Range(0, SkillCount).SelectMany(s => OccupationIds.Take(1 + s % 4).Select(o => (o, SkillIds[s], s % 2 == 0))).ToList());

    static List<Opening> Openings(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var skills = Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(SkillCount)).Distinct().Order().ToArray();
            return new Opening(Guid.NewGuid(), false, skills, skills.Select(_ => (byte)2).ToArray(), skills.Select(s => s % 2 == 0).ToArray(), 3, 2311, 36, 0, 0);
        }).ToList();
    }

    static SkillIndex<Opening> Upserted(IEnumerable<Opening> openings)
    {
        var index = new SkillIndex<Opening>(Space);
        foreach (var opening in openings)
        {
            index.Upsert(opening);
        }

        return index;
    }

    static int[][] Queries(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(SkillCount)).Distinct().Order().ToArray()).ToArray();
    }

    static List<(Guid, float)> Top(SkillIndex<Opening> index, int[] query, int take = 25) => index.Retrieve(query, take).Select(r => (r.Item.Id, r.Score)).ToList();

    [Fact]
    public void An_index_built_in_one_pass_retrieves_exactly_what_upserts_give()
    {
        var openings = Openings(500, 1);
        var bulk = new SkillIndex<Opening>(Space, openings);
        var upserted = Upserted(openings);

        Assert.Equal(500, bulk.Count);
        foreach (var query in Queries(2))
        {
            Assert.Equal(Top(upserted, query), Top(bulk, query));
        }
    }

    [Fact]
    public void An_index_built_in_one_pass_stays_correct_after_updates_and_removals()
    {
        var openings = Openings(500, 3);
        var bulk = new SkillIndex<Opening>(Space, openings);
        var changed = Openings(120, 4).Select((o, i) => o with { Id = openings[i].Id }).ToList();
        foreach (var opening in changed)
        {
            bulk.Upsert(opening);
        }

        foreach (var opening in openings.Skip(200).Take(50))
        {
            bulk.Remove(opening.Id);
        }

        var expected = Upserted(changed.Concat(openings.Skip(120).Take(80)).Concat(openings.Skip(250)));
        Assert.Equal(450, bulk.Count);
        Assert.Same(changed[7], bulk.Get(openings[7].Id));
        Assert.Null(bulk.Get(openings[210].Id));
        foreach (var query in Queries(5))
        {
            // Every item that shares a skill, so equal scores cannot make the two pick different items at a cut-off.
            Assert.Equal(Top(expected, query, 1000).Order(), Top(bulk, query, 1000).Order());
        }
    }

    [Fact]
    public void Refuses_the_same_item_twice_in_one_build()
    {
        var opening = Openings(1, 6)[0];
        Assert.Throws<ArgumentException>(() => new SkillIndex<Opening>(Space, [opening, opening with { Skills = [1] }]));
    }
}
