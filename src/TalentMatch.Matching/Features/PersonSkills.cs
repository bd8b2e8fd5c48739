using TalentMatch.Matching.Model;

namespace TalentMatch.Matching.Features;

/// <summary>
/// One person's skills as a table over the whole skill space, built once per request: whether they hold a skill,
/// at which level, and whether they hold a skill related to it are then one array read each, where the sorted
/// lists take a binary search per opening skill and one more per related skill. Ranking 400 openings for one
/// person asks those questions some ten thousand times. Tables are kept per thread and cleared on
/// <see cref="Dispose"/>, so a request allocates nothing; dispose before the thread does other work.
/// </summary>
public sealed class PersonSkills : IDisposable
{
    internal const ushort Held = 0x100;
    internal const ushort RelatedHeld = 0x200;
    internal const ushort LevelBits = 0xFF;

    [ThreadStatic]
    static PersonSkills? _spare;

    ushort[] _table;

    PersonSkills(SkillSpace space, Candidate person)
    {
        Space = space;
        Person = person;
        _table = new ushort[space.SkillCount];
    }

    public SkillSpace Space { get; private set; }

    public Candidate Person { get; private set; }

    /// <summary>Per skill: <see cref="Held"/> with the level in the low byte, and <see cref="RelatedHeld"/>.</summary>
    internal ushort[] Table => _table;

    public static PersonSkills For(SkillSpace space, Candidate person)
    {
        var lookup = _spare;
        _spare = null;
        if (lookup is null)
        {
            lookup = new PersonSkills(space, person);
        }
        else
        {
            lookup.Space = space;
            lookup.Person = person;
            if (lookup._table.Length < space.SkillCount)
            {
                lookup._table = new ushort[space.SkillCount];
            }
        }

        lookup.Mark(true);
        return lookup;
    }

    public void Dispose()
    {
        Mark(false);
        _spare = this;
    }

    void Mark(bool on)
    {
        var table = _table;
        var related = Space.Related;
        var skills = Person.Skills;
        var levels = Person.Levels;
        for (var i = 0; i < skills.Length; i++)
        {
            // Relations are symmetric: the person's skill s covers every skill that lists s as related.
            foreach (var other in related[skills[i]])
            {
                table[other] = on ? (ushort)(table[other] | RelatedHeld) : (ushort)0;
            }
        }

        for (var i = 0; i < skills.Length; i++)
        {
            table[skills[i]] = on ? (ushort)(table[skills[i]] | Held | levels[i]) : (ushort)0;
        }
    }
}

/// <summary>What the feature loop asks about the person's skills.</summary>
internal interface ISkillLookup
{
    bool TryGetLevel(int skill, out int level);

    bool Holds(int skill);

    bool HasRelated(int skill);
}

/// <summary>The person's own sorted lists, searched per question: for one-off pairs and training rows.</summary>
internal readonly struct SortedSkills(SkillSpace space, int[] skills, byte[] levels) : ISkillLookup
{
    public bool TryGetLevel(int skill, out int level)
    {
        var at = Array.BinarySearch(skills, skill);
        level = at >= 0 ? levels[at] : 0;
        return at >= 0;
    }

    public bool Holds(int skill) => Array.BinarySearch(skills, skill) >= 0;

    public bool HasRelated(int skill) => MatchFeatures.HasRelated(space, skills, skill);
}

/// <summary>A <see cref="PersonSkills"/> table.</summary>
internal readonly struct DenseSkills(ushort[] table) : ISkillLookup
{
    public bool TryGetLevel(int skill, out int level)
    {
        var entry = table[skill];
        level = entry & PersonSkills.LevelBits;
        return (entry & PersonSkills.Held) != 0;
    }

    public bool Holds(int skill) => (table[skill] & PersonSkills.Held) != 0;

    public bool HasRelated(int skill) => (table[skill] & PersonSkills.RelatedHeld) != 0;
}
