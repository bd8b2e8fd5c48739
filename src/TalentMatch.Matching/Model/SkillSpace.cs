namespace TalentMatch.Matching.Model;

/// <summary>
/// The taxonomy as matching sees it: skills as dense integers, how rare each skill is, which skills are
/// related (broader/narrower, ESCO skill-to-skill relations), and each occupation's skills. Built once from
/// the database (or a generator) and shared read-only by retrieval, features and training.
/// </summary>
/// <param name="sameOccupationSkills">How many skills of the same occupations retrieval follows per skill
/// (<see cref="SameOccupation"/>); 0 turns that expansion off.</param>
public sealed class SkillSpace
{
    readonly Dictionary<Guid, int> _skillIndex;
    readonly Dictionary<Guid, int> _occupationIndex;

    public SkillSpace(IReadOnlyList<Guid> skills, IReadOnlyList<(Guid Skill, Guid Related)> relations,
        IReadOnlyList<Guid> occupations, IReadOnlyList<(Guid Occupation, Guid Skill, bool Essential)> occupationSkills,
        int sameOccupationSkills = DefaultSameOccupationSkills)
    {
        SkillIds = skills.ToArray();
        _skillIndex = new Dictionary<Guid, int>(SkillIds.Length);
        for (var i = 0; i < SkillIds.Length; i++)
        {
            _skillIndex[SkillIds[i]] = i;
        }

        OccupationIds = occupations.ToArray();
        _occupationIndex = new Dictionary<Guid, int>(OccupationIds.Length);
        for (var i = 0; i < OccupationIds.Length; i++)
        {
            _occupationIndex[OccupationIds[i]] = i;
        }

        var related = new HashSet<int>[SkillIds.Length];
        foreach (var (a, b) in relations)
        {
            if (_skillIndex.TryGetValue(a, out var x) && _skillIndex.TryGetValue(b, out var y) && x != y)
            {
                (related[x] ??= []).Add(y);
                (related[y] ??= []).Add(x);
            }
        }

        Related = related.Select(r => r is null ? [] : r.Order().ToArray()).ToArray();

        var essential = new List<int>[OccupationIds.Length];
        var optional = new List<int>[OccupationIds.Length];
        var occupationCount = new int[SkillIds.Length];
        foreach (var (occupation, skill, isEssential) in occupationSkills)
        {
            if (_occupationIndex.TryGetValue(occupation, out var o) && _skillIndex.TryGetValue(skill, out var s))
            {
                ((isEssential ? essential : optional)[o] ??= []).Add(s);
                occupationCount[s]++;
            }
        }

        OccupationEssential = essential.Select(l => l?.Order().ToArray() ?? []).ToArray();
        OccupationOptional = optional.Select(l => l?.Order().ToArray() ?? []).ToArray();

        // Rarity as inverse occupation frequency: a skill few occupations need says more about fit than
        // "communication", which almost all need. Smoothed so unseen skills get the highest weight, not infinity.
        var n = Math.Max(1, OccupationIds.Length);
        Rarity = occupationCount.Select(df => (float)(Math.Log((n + 1.0) / (df + 1.0)) + 1.0)).ToArray();
        SameOccupation = RankSameOccupation(sameOccupationSkills);
    }

    /// <summary>
    /// The most skills per skill retrieval can follow through occupations: what a profile of three skills uses of
    /// the query budget it shares among its skills (budget and weight were chosen on validation data with this
    /// cap, benchmarks/results/retrieval-recall.md; the cap was not varied on its own).
    /// </summary>
    public const int DefaultSameOccupationSkills = 12;

    /// <summary>
    /// A skill is followed through occupations only to skills that at least this share of its occupations need.
    /// For a skill that hundreds of occupations need ("communication") only a handful of other skills come with it
    /// that often, so it leads to those (at most <see cref="DefaultSameOccupationSkills"/>, common ones last) instead
    /// of fanning out into the posting lists of every skill of every occupation that lists it.
    /// </summary>
    public const float MinimumSameOccupationShare = 0.25f;

    public Guid[] SkillIds { get; }

    public Guid[] OccupationIds { get; }

    /// <summary>Per skill, the skills one step away (broader, narrower or related), sorted.</summary>
    public int[][] Related { get; }

    /// <summary>Per skill, ln((occupations + 1) / (occupations needing it + 1)) + 1.</summary>
    public float[] Rarity { get; }

    public int[][] OccupationEssential { get; }

    public int[][] OccupationOptional { get; }

    /// <summary>
    /// Per skill, at most a few other skills that the occupations needing it (essential or optional) list as
    /// essential, strongest first; the skill itself and its <see cref="Related"/> skills are left out.
    /// Strength is the share of the skill's occupations that need the other one, times the other one's rarity,
    /// so a skill that nearly every occupation needs is not what a rare skill leads to.
    /// </summary>
    public int[][] SameOccupation { get; private set; }

    /// <summary>The same space with another number of <see cref="SameOccupation"/> skills per skill (to measure the choice).</summary>
    public SkillSpace WithSameOccupation(int take)
    {
        var copy = (SkillSpace)MemberwiseClone();
        copy.SameOccupation = RankSameOccupation(take);
        return copy;
    }

    int[][] RankSameOccupation(int take)
    {
        var result = new int[SkillIds.Length][];
        Array.Fill(result, []);
        if (take <= 0)
        {
            return result;
        }

        var occupationsOf = new List<int>?[SkillIds.Length];
        for (var o = 0; o < OccupationIds.Length; o++)
        {
            foreach (var skill in OccupationEssential[o].Concat(OccupationOptional[o]).Distinct())
            {
                (occupationsOf[skill] ??= []).Add(o);
            }
        }

        var together = new int[SkillIds.Length];
        var touched = new List<int>();
        var ranked = new List<(float Strength, int Skill)>();
        for (var skill = 0; skill < SkillIds.Length; skill++)
        {
            if (occupationsOf[skill] is not { } occupations)
            {
                continue;
            }

            foreach (var o in occupations)
            {
                foreach (var other in OccupationEssential[o])
                {
                    if (together[other]++ == 0)
                    {
                        touched.Add(other);
                    }
                }
            }

            ranked.Clear();
            foreach (var other in touched)
            {
                var share = (float)together[other] / occupations.Count;
                together[other] = 0;
                if (other != skill && share >= MinimumSameOccupationShare && Array.BinarySearch(Related[skill], other) < 0)
                {
                    ranked.Add((share * Rarity[other], other));
                }
            }

            touched.Clear();
            // Strongest first, ties by skill index, so the lists never depend on the order links were read in.
            ranked.Sort((a, b) => a.Strength != b.Strength ? b.Strength.CompareTo(a.Strength) : a.Skill.CompareTo(b.Skill));
            result[skill] = ranked.Take(take).Select(r => r.Skill).ToArray();
        }

        return result;
    }

    public int SkillCount => SkillIds.Length;

    public int? Skill(Guid id) => _skillIndex.TryGetValue(id, out var i) ? i : null;

    public int? Occupation(Guid id) => _occupationIndex.TryGetValue(id, out var i) ? i : null;
}
