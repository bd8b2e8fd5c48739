using TalentMatch.Matching.Model;

namespace TalentMatch.Matching.Features;

/// <summary>
/// The one definition of how a (person, opening) pair becomes numbers, shared by training and serving.
/// Only skills, levels, education, hours, region and availability go in: no protected attribute and no proxy
/// for one. Not the number of skills someone lists, which tracks years of experience and so age: that rules out
/// the Jaccard overlap too, whose union grows with every skill listed (it stays as an evaluation baseline,
/// <see cref="BaselineScores.Jaccard"/>). Not the occupations someone says they want either: a ranking must not
/// move when anything but those six things changes, and a wish is not a skill.
/// The order of <see cref="Names"/> is the model's input order; the committed model records it and a test
/// compares the two.
/// </summary>
public static class MatchFeatures
{
    public static readonly string[] Names =
    [
        "essential_coverage",          // share of essential skills the person has, at any level
        "essential_coverage_at_level", // share of essential skills the person has at the required level
        "optional_coverage",           // share of optional skills the person has
        "rarity_weighted_coverage",    // share of required skills held, weighted by rarity, essential counting double
        "mean_level_gap",              // average shortfall in levels over the required skills held (0–3)
        "related_coverage",            // share of missing required skills for which the person has a related skill
        "occupation_overlap",          // share of the opening occupation's essential skills (taxonomy) the person has
        "education_gap",               // person's level minus the required level on the ordinal scale, clamped to ±3
        "hours_fit",                   // smaller / larger weekly hours; 0.75 when either is unknown
        "region_fit",                  // 1 same two-digit postcode region, 0.5 same first digit or unknown, else 0
        "availability_fit",            // 1 when available by the start, falling to 0 at 90 days late
        "missing_essential_count",     // how many essential skills the person lacks
    ];

    public static int Count => Names.Length;

    /// <summary>Fills <paramref name="features"/> (length <see cref="Count"/>) for the pair.</summary>
    public static void Compute(SkillSpace space, Candidate person, Opening opening, Span<float> features) =>
        Compute(space, new SortedSkills(space, person.Skills, person.Levels), person, opening, features);

    /// <summary>
    /// The same values as <see cref="Compute(SkillSpace, Candidate, Opening, Span{float})"/>, with the person's
    /// skills looked up in a table built once per request: what ranking many openings for one person uses.
    /// </summary>
    public static void Compute(PersonSkills person, Opening opening, Span<float> features) =>
        Compute(person.Space, new DenseSkills(person.Table), person.Person, opening, features);

    // Generic over the lookup so each kind gets its own compiled loop, and both sum the same floats in the same
    // order: the training rows and the served rows must be equal to the bit.
    static void Compute<TSkills>(SkillSpace space, TSkills held, Candidate person, Opening opening, Span<float> features)
        where TSkills : ISkillLookup
    {
        int essential = 0, essentialHeld = 0, essentialAtLevel = 0, optional = 0, optionalHeld = 0, shared = 0, missing = 0, relatedCover = 0;
        float weightTotal = 0, weightHeld = 0, levelGap = 0;
        var rarity = space.Rarity;
        var skills = opening.Skills;
        var minLevels = opening.MinLevels;
        var isEssential = opening.Essential;
        for (var i = 0; i < skills.Length; i++)
        {
            var skill = skills[i];
            var essentialSkill = isEssential[i];
            var weight = rarity[skill] * (essentialSkill ? 2f : 1f);
            weightTotal += weight;
            if (essentialSkill)
            {
                essential++;
            }
            else
            {
                optional++;
            }

            if (held.TryGetLevel(skill, out var level))
            {
                shared++;
                weightHeld += weight;
                var gap = Math.Max(0, minLevels[i] - level);
                levelGap += gap;
                if (essentialSkill)
                {
                    essentialHeld++;
                    if (gap == 0)
                    {
                        essentialAtLevel++;
                    }
                }
                else
                {
                    optionalHeld++;
                }
            }
            else
            {
                missing++;
                if (held.HasRelated(skill))
                {
                    relatedCover++;
                }
            }
        }

        features[0] = essential == 0 ? 1f : (float)essentialHeld / essential;
        features[1] = essential == 0 ? 1f : (float)essentialAtLevel / essential;
        features[2] = optional == 0 ? 1f : (float)optionalHeld / optional;
        features[3] = weightTotal == 0 ? 0f : weightHeld / weightTotal;
        features[4] = shared == 0 ? 0f : levelGap / shared;
        features[5] = missing == 0 ? 1f : (float)relatedCover / missing;
        features[6] = OccupationOverlap(space, held, opening.Occupation);
        features[7] = Math.Clamp(person.Education - opening.Education, -3, 3);
        features[8] = person.HoursPerWeek == 0 || opening.HoursPerWeek == 0
            ? 0.75f
            : (float)Math.Min(person.HoursPerWeek, opening.HoursPerWeek) / Math.Max(person.HoursPerWeek, opening.HoursPerWeek);
        features[9] = RegionFit(person.Postcode, opening.Postcode);
        features[10] = person.AvailableFrom == 0 || opening.StartsOn == 0
            ? 1f
            : Math.Clamp(1f - (person.AvailableFrom - opening.StartsOn) / 90f, 0f, 1f);
        features[11] = essential - essentialHeld;
    }

    public static bool HasRelated(SkillSpace space, int[] personSkills, int skill)
    {
        foreach (var related in space.Related[skill])
        {
            if (Array.BinarySearch(personSkills, related) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    static float OccupationOverlap<TSkills>(SkillSpace space, TSkills held, int occupation)
        where TSkills : ISkillLookup
    {
        if (occupation < 0)
        {
            return 0f;
        }

        var skills = space.OccupationEssential[occupation];
        if (skills.Length == 0)
        {
            return 0f;
        }

        var count = 0;
        foreach (var skill in skills)
        {
            if (held.Holds(skill))
            {
                count++;
            }
        }

        return (float)count / skills.Length;
    }

    /// <summary>
    /// Dutch postcodes are regional: the first two digits name an area (23xx is Leiden), the first digit a
    /// larger part of the country. Without geodata that is the honest resolution to match on.
    /// </summary>
    public static float RegionFit(short a, short b)
    {
        if (a == 0 || b == 0)
        {
            return 0.5f;
        }

        if (a / 100 == b / 100)
        {
            return 1f;
        }

        return a / 1000 == b / 1000 ? 0.5f : 0f;
    }
}

/// <summary>The two simple baselines the learned ranker must beat, computed on the same skill sets.</summary>
public static class BaselineScores
{
    public static float Jaccard(Candidate person, Opening opening)
    {
        var shared = Shared(person.Skills, opening.Skills);
        var union = person.Skills.Length + opening.Skills.Length - shared;
        return union == 0 ? 0f : (float)shared / union;
    }

    /// <summary>Share of the opening's rarity mass the person covers.</summary>
    public static float RarityWeightedOverlap(SkillSpace space, Candidate person, Opening opening)
    {
        float total = 0, held = 0;
        foreach (var skill in opening.Skills)
        {
            total += space.Rarity[skill];
            if (Array.BinarySearch(person.Skills, skill) >= 0)
            {
                held += space.Rarity[skill];
            }
        }

        return total == 0 ? 0f : held / total;
    }

    static int Shared(int[] a, int[] b)
    {
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return shared;
    }
}
