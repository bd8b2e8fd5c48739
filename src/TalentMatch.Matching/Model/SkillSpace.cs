namespace TalentMatch.Matching.Model;

/// <summary>
/// The taxonomy as matching sees it: skills as dense integers, how rare each skill is, which skills are
/// related (broader/narrower, ESCO skill-to-skill relations), and each occupation's skills. Built once from
/// the database (or a generator) and shared read-only by retrieval, features and training.
/// </summary>
public sealed class SkillSpace
{
    readonly Dictionary<Guid, int> _skillIndex;
    readonly Dictionary<Guid, int> _occupationIndex;

    public SkillSpace(IReadOnlyList<Guid> skills, IReadOnlyList<(Guid Skill, Guid Related)> relations,
        IReadOnlyList<Guid> occupations, IReadOnlyList<(Guid Occupation, Guid Skill, bool Essential)> occupationSkills)
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
    }

    public Guid[] SkillIds { get; }

    public Guid[] OccupationIds { get; }

    /// <summary>Per skill, the skills one step away (broader, narrower or related), sorted.</summary>
    public int[][] Related { get; }

    /// <summary>Per skill, ln((occupations + 1) / (occupations needing it + 1)) + 1.</summary>
    public float[] Rarity { get; }

    public int[][] OccupationEssential { get; }

    public int[][] OccupationOptional { get; }

    public int SkillCount => SkillIds.Length;

    public int? Skill(Guid id) => _skillIndex.TryGetValue(id, out var i) ? i : null;

    public int? Occupation(Guid id) => _occupationIndex.TryGetValue(id, out var i) ? i : null;
}
