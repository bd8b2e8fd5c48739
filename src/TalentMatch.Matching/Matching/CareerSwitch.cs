using TalentMatch.Matching.Model;

namespace TalentMatch.Matching.Matching;

/// <summary>How well a person's skills fit an occupation, and what they would need to add.</summary>
public sealed record OccupationFit(int Occupation, float Score, IReadOnlyList<int> Held, IReadOnlyList<int> MissingEssential, IReadOnlyList<int> MissingOptional);

/// <summary>
/// Occupations ranked by how much of their skill profile a person already covers, e.g. a cook who could move
/// into care. Coverage is rarity-weighted (rare skills say more), essential skills count double, and a skill
/// the person has only a related skill for counts half.
/// </summary>
public static class CareerSwitch
{
    public static List<OccupationFit> Rank(SkillSpace space, Candidate person, int take)
    {
        var fits = new List<OccupationFit>();
        for (var occupation = 0; occupation < space.OccupationIds.Length; occupation++)
        {
            var essential = space.OccupationEssential[occupation];
            var optional = space.OccupationOptional[occupation];
            if (essential.Length + optional.Length == 0)
            {
                continue;
            }

            float total = 0, covered = 0;
            var held = new List<int>();
            var missingEssential = new List<int>();
            var missingOptional = new List<int>();
            foreach (var (skills, weight, missing) in new[] { (essential, 2f, missingEssential), (optional, 1f, missingOptional) })
            {
                foreach (var skill in skills)
                {
                    var w = space.Rarity[skill] * weight;
                    total += w;
                    if (Array.BinarySearch(person.Skills, skill) >= 0)
                    {
                        covered += w;
                        held.Add(skill);
                    }
                    else
                    {
                        if (Features.MatchFeatures.HasRelated(space, person.Skills, skill))
                        {
                            covered += w / 2;
                        }

                        missing.Add(skill);
                    }
                }
            }

            if (held.Count > 0)
            {
                fits.Add(new OccupationFit(occupation, covered / total, held, missingEssential, missingOptional));
            }
        }

        return fits.OrderByDescending(f => f.Score).ThenBy(f => f.MissingEssential.Count).ThenBy(f => f.Occupation).Take(take).ToList();
    }

    /// <summary>The person with extra skills at a given level (e.g. after a training), arrays kept sorted.</summary>
    public static Candidate WithSkills(Candidate person, IEnumerable<int> skills, byte level)
    {
        var merged = new SortedDictionary<int, byte>();
        for (var i = 0; i < person.Skills.Length; i++)
        {
            merged[person.Skills[i]] = person.Levels[i];
        }

        foreach (var skill in skills)
        {
            merged[skill] = Math.Max(merged.GetValueOrDefault(skill), level);
        }

        return person with { Skills = merged.Keys.ToArray(), Levels = merged.Values.ToArray() };
    }
}
