using TalentMatch.Matching.Model;
using TalentMatch.Matching.Retrieval;

namespace TalentMatch.Tests.Matching;

/// <summary>The one-pass start-up build must give the same index as item-by-item upserts, and stay correct when updated.</summary>
public sealed class SkillIndexTests
{
    const int SkillCount = 40;
    static readonly Guid[] SkillIds = Enumerable.Range(0, SkillCount).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
    static readonly Guid[] OccupationIds = Enumerable.Range(0, 4).Select(i => new Guid(0, 0, 0, [1, 0, 0, 0, 0, 0, 0, (byte)i])).ToArray();

    // Related pairs and uneven occupation links, so retrieval weights differ by skill and skills of the same
    // occupations lead somewhere (a skill only occupation 0 needs leads to its rarest essential skills).
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

    /// <summary>
    /// Retrieval as plainly as it can be written: every live item's score summed skill by skill in the index's
    /// order (query skills, then related skills, then as many skills of the same occupations as the budget allows), the accepted ones sorted best first, ties by insertion order.
    /// </summary>
    static List<(Guid, float)> Reference(IReadOnlyList<Opening> itemsInSlotOrder, int[] query, int take, Func<Opening, bool>? accept)
    {
        var scored = new List<(Guid Id, float Score, int Order)>();
        for (var order = 0; order < itemsInSlotOrder.Count; order++)
        {
            var item = itemsInSlotOrder[order];
            float weight = 0;
            foreach (var skill in query)
            {
                if (item.Skills.Contains(skill))
                {
                    weight += Space.Rarity[skill];
                }
            }

            foreach (var skill in query)
            {
                foreach (var related in Space.Related[skill].Where(r => !query.Contains(r) && item.Skills.Contains(r)))
                {
                    weight += Space.Rarity[related] * SkillIndex<Opening>.RelatedWeight;
                }
            }

            foreach (var skill in query)
            {
                var follow = SkillIndex<Opening>.DefaultOccupationBudget / query.Length;
                foreach (var other in Space.SameOccupation[skill].Take(follow).Where(o => !query.Contains(o) && item.Skills.Contains(o)))
                {
                    weight += Space.Rarity[other] * SkillIndex<Opening>.DefaultOccupationWeight;
                }
            }

            if (weight != 0 && (accept is null || accept(item)))
            {
                float mass = 0;
                foreach (var skill in item.Skills)
                {
                    mass += Space.Rarity[skill];
                }

                scored.Add((item.Id, weight / mass, order));
            }
        }

        return scored.OrderByDescending(x => x.Score).ThenBy(x => x.Order).Take(take).Select(x => (x.Id, x.Score)).ToList();
    }

    [Fact]
    public void Partitioning_keys_puts_the_smallest_first_and_the_largest_of_them_last()
    {
        var random = new Random(4);
        for (var round = 0; round < 300; round++)
        {
            var keys = Enumerable.Range(0, random.Next(1, 3000)).Select(slot => BestKeys.Of(random.Next(1, 40) / 8f, slot)).OrderBy(_ => random.Next()).ToArray();
            var count = random.Next(1, keys.Length + 1);
            var sorted = keys.Order().ToArray();

            BestKeys.Partition(keys, count);

            Assert.Equal(sorted[..count], keys[..count].Order());
            Assert.Equal(sorted[count - 1], keys[count - 1]);
        }

        // Better scores first, equal scores in slot order.
        Assert.True(BestKeys.Of(0.75f, 9) < BestKeys.Of(0.5f, 1));
        Assert.True(BestKeys.Of(0.5f, 1) < BestKeys.Of(0.5f, 2));
        Assert.Equal((0.625f, 77), (BestKeys.Score(BestKeys.Of(0.625f, 77)), BestKeys.Slot(BestKeys.Of(0.625f, 77))));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(25)]
    [InlineData(2000)]
    public void Retrieval_returns_exactly_what_a_plain_reference_computes_ties_included(int take)
    {
        // Enough items that the selection buffer is cut back several times, and few skills, so many scores tie.
        var openings = Openings(6000, 11);
        var index = new SkillIndex<Opening>(Space, openings);
        // Otherwise the reference's occupation step would be checked against nothing.
        Assert.Contains(Space.SameOccupation, skills => skills.Length > 0);
        Func<Opening, bool> accept = o => o.Id.GetHashCode() % 3 != 0;
        foreach (var query in Queries(12))
        {
            Assert.Equal(Reference(openings, query, take, null), Top(index, query, take));
            Assert.Equal(Reference(openings, query, take, accept), index.Retrieve(query, take, accept).Select(r => (r.Item.Id, r.Score)).ToList());

            // So strict that the best unfiltered items hold too few that pass: the filtered second pass.
            Assert.Equal(Reference(openings, query, take, Strict), index.Retrieve(query, take, Strict).Select(r => (r.Item.Id, r.Score)).ToList());
        }
    }

    static bool Strict(Opening opening) => opening.Id.GetHashCode() % 10 == 0;

    [Fact]
    public void Retrieval_after_updates_and_removals_equals_the_reference_over_what_is_live()
    {
        var openings = Openings(3000, 13);
        var index = new SkillIndex<Opening>(Space, openings);
        var live = openings.ToList();
        var changed = Openings(400, 14).Select((o, i) => o with { Id = openings[i * 5].Id }).ToList();
        foreach (var opening in changed)
        {
            index.Upsert(opening);
            // An upsert retires the old slot and appends a new one: last in slot order.
            live.RemoveAll(o => o.Id == opening.Id);
            live.Add(opening);
        }

        foreach (var opening in openings.Skip(2500).Take(300))
        {
            index.Remove(opening.Id);
            live.RemoveAll(o => o.Id == opening.Id);
        }

        foreach (var query in Queries(15))
        {
            Assert.Equal(Reference(live, query, 60, null), Top(index, query, 60));
        }
    }

    [Fact]
    public void Retrieval_after_compaction_equals_the_reference_over_what_is_live()
    {
        // More than 1,024 retired slots and over a quarter of all: the index compacts, and items move to new slots.
        var openings = Openings(3000, 21);
        var index = new SkillIndex<Opening>(Space, openings);
        var changed = Openings(1500, 22).Select((o, i) => o with { Id = openings[i * 2].Id }).ToList();
        foreach (var opening in changed)
        {
            index.Upsert(opening);
        }

        foreach (var opening in openings.Skip(1).Take(600))
        {
            index.Remove(opening.Id);
        }

        // Compaction keeps slot order, so the live items in slot order are the untouched, then the changed ones.
        var removed = openings.Skip(1).Take(600).Select(o => o.Id).ToHashSet();
        var live = openings.Where((o, i) => i % 2 == 1 && !removed.Contains(o.Id)).Concat(changed.Where(o => !removed.Contains(o.Id))).ToList();
        Assert.Equal(live.Count, index.Count);
        foreach (var query in Queries(23))
        {
            Assert.Equal(Reference(live, query, 60, null), Top(index, query, 60));
            Assert.Equal(Reference(live, query, 60, Strict), index.Retrieve(query, 60, Strict).Select(r => (r.Item.Id, r.Score)).ToList());
        }
    }

    [Fact]
    public void Refuses_the_same_item_twice_in_one_build()
    {
        var opening = Openings(1, 6)[0];
        Assert.Throws<ArgumentException>(() => new SkillIndex<Opening>(Space, [opening, opening with { Skills = [1] }]));
    }
}
