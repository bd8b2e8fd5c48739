using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TalentMatch.Matching.Model;

namespace TalentMatch.Matching.Retrieval;

/// <summary>Anything described by a sorted set of dense skill indexes.</summary>
public interface ISkillDescribed
{
    Guid Id { get; }

    int[] Skills { get; }
}

/// <summary>
/// An in-process inverted index from skill to the items (openings or people) that name it, kept in step
/// with PostgreSQL by the caller. Retrieval scores every item sharing a skill with the query, directly, through
/// a related skill or through a few skills the same occupations need, by the share of the item's rarity mass
/// covered, and keeps the best.
/// Writers are serialised; readers run in parallel under a read lock. Updates append a new slot and
/// retire the old one, so a reader never sees a half-written item.
/// </summary>
public sealed class SkillIndex<T> where T : class, ISkillDescribed
{
    /// <summary>A related skill counts for this share of the skill itself during retrieval.</summary>
    public const float RelatedWeight = 0.5f;

    /// <summary>
    /// A skill the query's occupations need (<see cref="SkillSpace.SameOccupation"/>) counts for this share of
    /// the skill itself: less than a related skill, because needing one skill of an occupation says less about
    /// holding another. Chosen on validation data (benchmarks/results/retrieval-recall.md).
    /// </summary>
    public const float DefaultOccupationWeight = 0.1f;

    /// <summary>
    /// How many skills reached through occupations one query may follow in all, shared evenly among its skills
    /// (at most <see cref="SkillSpace.SameOccupation"/>'s length each). A profile of three skills follows twelve
    /// per skill; one of thirty follows one per skill; beyond the budget, none. Short profiles are where following
    /// occupations finds what was missed, long ones gain little from it and cost the most (measured).
    /// </summary>
    public const int DefaultOccupationBudget = 36;

    readonly SkillSpace _space;
    readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    readonly Dictionary<Guid, int> _slotOf = [];
    readonly List<int>[] _postings;
    readonly ConcurrentBag<Scratch> _scratch = [];
    T?[] _items = new T?[1024];
    float[] _mass = new float[1024];
    int _slots;
    int _retired;

    public SkillIndex(SkillSpace space)
    {
        _space = space;
        _postings = new List<int>[space.SkillCount];
    }

    /// <summary>
    /// An index holding <paramref name="items"/> (distinct ids), built in one pass: each skill's postings are sized
    /// once from a count instead of growing item by item, which is what makes a start-up load of a million fast.
    /// </summary>
    public SkillIndex(SkillSpace space, IReadOnlyList<T> items)
        : this(space)
    {
        var perSkill = new int[space.SkillCount];
        foreach (var item in items)
        {
            foreach (var skill in item.Skills)
            {
                perSkill[skill]++;
            }
        }

        for (var skill = 0; skill < perSkill.Length; skill++)
        {
            if (perSkill[skill] > 0)
            {
                _postings[skill] = new List<int>(perSkill[skill]);
            }
        }

        var capacity = Math.Max(1024, items.Count);
        _items = new T?[capacity];
        _mass = new float[capacity];
        _slotOf.EnsureCapacity(items.Count);
        foreach (var item in items)
        {
            var slot = _slots++;
            _items[slot] = item;
            float mass = 0;
            foreach (var skill in item.Skills)
            {
                _postings[skill]!.Add(slot);
                mass += _space.Rarity[skill];
            }

            _mass[slot] = mass;
            if (!_slotOf.TryAdd(item.Id, slot))
            {
                throw new ArgumentException($"Item {item.Id} appears twice.", nameof(items));
            }
        }
    }

    /// <summary>The weight of skills reached through occupations; settable only to measure the choice.</summary>
    public float OccupationWeight { get; init; } = DefaultOccupationWeight;

    /// <summary>The skills reached through occupations one query may follow; settable only to measure the choice.</summary>
    public int OccupationBudget { get; init; } = DefaultOccupationBudget;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slotOf.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Upsert(T item)
    {
        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(item.Id);
            if (_slots == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
                Array.Resize(ref _mass, _mass.Length * 2);
            }

            var slot = _slots++;
            _items[slot] = item;
            float mass = 0;
            foreach (var skill in item.Skills)
            {
                (_postings[skill] ??= []).Add(slot);
                mass += _space.Rarity[skill];
            }

            _mass[slot] = mass;
            _slotOf[item.Id] = slot;
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        if (_retired > 1024 && _retired > _slots / 4)
        {
            Compact();
        }
    }

    public bool Remove(Guid id)
    {
        _lock.EnterWriteLock();
        try
        {
            return RemoveLocked(id);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public T? Get(Guid id)
    {
        _lock.EnterReadLock();
        try
        {
            return _slotOf.TryGetValue(id, out var slot) ? _items[slot] : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    bool RemoveLocked(Guid id)
    {
        if (!_slotOf.Remove(id, out var slot))
        {
            return false;
        }

        // The postings keep pointing at the retired slot; readers skip null items and compaction drops them.
        _items[slot] = null;
        _retired++;
        return true;
    }

    /// <summary>Rebuilds the postings without retired slots once they make up a quarter of the index.</summary>
    void Compact()
    {
        _lock.EnterWriteLock();
        try
        {
            var live = _items.Take(_slots).Where(i => i is not null).ToList();
            Array.Clear(_items);
            _slotOf.Clear();
            foreach (var list in _postings)
            {
                list?.Clear();
            }

            _slots = 0;
            _retired = 0;
            foreach (var item in live)
            {
                var slot = _slots++;
                _items[slot] = item;
                foreach (var skill in item!.Skills)
                {
                    _postings[skill]!.Add(slot);
                }

                _slotOf[item.Id] = slot;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The <paramref name="take"/> items that best cover their own skill lists with the query's skills
    /// (a related skill counting <see cref="RelatedWeight"/>, a skill of the same occupations <see cref="OccupationWeight"/>,
    /// as many as <see cref="OccupationBudget"/> allows),
    /// best first; equal scores in slot order, so the same request always gives the same list. <paramref name="accept"/> filters items (e.g. only open ones, only
    /// people who allow matching) before they take a place.
    /// </summary>
    /// <param name="throughOccupations">Whether to follow skills of the same occupations at all: it finds more openings
    /// for a profile that lists few skills, but not more people for a vacancy (benchmarks/results/retrieval-recall.md).</param>
    public List<(T Item, float Score)> Retrieve(int[] querySkills, int take, Func<T, bool>? accept = null, bool throughOccupations = true)
    {
        var scratch = _scratch.TryTake(out var s) ? s : new Scratch();
        _lock.EnterReadLock();
        try
        {
            scratch.Ensure(_slots);
            var weights = scratch.Weights;
            foreach (var skill in querySkills)
            {
                Accumulate(skill, _space.Rarity[skill], weights);
            }

            foreach (var skill in querySkills)
            {
                foreach (var related in _space.Related[skill])
                {
                    if (Array.BinarySearch(querySkills, related) < 0)
                    {
                        // The opening's skill `related` is covered at half weight by the person's `skill`.
                        Accumulate(related, _space.Rarity[related] * RelatedWeight, weights);
                    }
                }
            }

            var follow = throughOccupations && OccupationWeight > 0 && querySkills.Length > 0 ? OccupationBudget / querySkills.Length : 0;
            if (follow > 0)
            {
                foreach (var skill in querySkills)
                {
                    var others = _space.SameOccupation[skill];
                    foreach (var other in others.AsSpan(0, Math.Min(follow, others.Length)))
                    {
                        if (Array.BinarySearch(querySkills, other) < 0)
                        {
                            // The item's skill `other` is one the occupations needing the query's `skill` also need.
                            Accumulate(other, _space.Rarity[other] * OccupationWeight, weights);
                        }
                    }
                }
            }

            var best = SelectBest(weights, take, accept, scratch.Best);
            var result = new List<(T, float)>(best.Count);
            foreach (var (score, slot) in best)
            {
                result.Add((_items[slot]!, score));
            }

            best.Clear();
            // Only a scratch whose weights are all back to zero may serve the next request.
            _scratch.Add(scratch);
            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Adds the skill's weight to every item naming it. Common skills have six-figure posting lists, so this is
    /// a plain dense add without bounds checks or a "first touch" branch: the selection scan finds the touched
    /// items afterwards.
    /// </summary>
    void Accumulate(int skill, float weight, float[] weights)
    {
        var postings = _postings[skill];
        if (postings is null)
        {
            return;
        }

        // Every posting is a slot below _slots, and weights holds at least _slots entries.
        ref var first = ref MemoryMarshal.GetArrayDataReference(weights);
        foreach (var slot in CollectionsMarshal.AsSpan(postings))
        {
            Unsafe.Add(ref first, slot) += weight;
        }
    }

    /// <summary>
    /// One pass over all slots, eight at a time: a block with no weight, or none whose score beats the current
    /// cut-off, is skipped without touching the items; weights are set back to zero on the way. Items above the
    /// cut-off are filtered and gathered; when the buffer fills it is cut back to the best <paramref name="take"/>,
    /// which raises the cut-off, so only a few thousand items are ever looked at.
    /// </summary>
    List<(float Score, int Slot)> SelectBest(float[] weights, int take, Func<T, bool>? accept, List<(float Score, int Slot)> best)
    {
        if (take <= 0)
        {
            Array.Clear(weights, 0, _slots);
            return best;
        }

        var limit = Math.Max(4 * take, 1024);
        var cutOff = 0f;
        var slots = _slots;
        var lanes = Vector<float>.Count;
        ref var weight0 = ref MemoryMarshal.GetArrayDataReference(weights);
        ref var mass0 = ref MemoryMarshal.GetArrayDataReference(_mass);
        var slot = 0;
        for (; slot + lanes <= slots; slot += lanes)
        {
            var w = Vector.LoadUnsafe(ref weight0, (nuint)slot);
            if (w == Vector<float>.Zero)
            {
                continue;
            }

            Vector.StoreUnsafe(Vector<float>.Zero, ref weight0, (nuint)slot);
            // The same float division as one at a time, so scores do not depend on the path taken.
            var scores = w / Vector.LoadUnsafe(ref mass0, (nuint)slot);
            if (!Vector.GreaterThanOrEqualAny(scores, new Vector<float>(cutOff)))
            {
                continue;
            }

            for (var lane = 0; lane < lanes; lane++)
            {
                if (w[lane] != 0)
                {
                    Consider(scores[lane], slot + lane);
                }
            }
        }

        for (; slot < slots; slot++)
        {
            var w = Unsafe.Add(ref weight0, slot);
            if (w != 0)
            {
                Unsafe.Add(ref weight0, slot) = 0;
                Consider(w / Unsafe.Add(ref mass0, slot), slot);
            }
        }

        best.Sort(BetterFirst);
        if (best.Count > take)
        {
            best.RemoveRange(take, best.Count - take);
        }

        return best;

        void Consider(float score, int at)
        {
            // Equal to the cut-off may still win on slot order; the cut-back sorts that out.
            if (score < cutOff)
            {
                return;
            }

            var item = _items[at];
            if (item is null || (accept is not null && !accept(item)))
            {
                return;
            }

            best.Add((score, at));
            if (best.Count == limit)
            {
                best.Sort(BetterFirst);
                best.RemoveRange(take, best.Count - take);
                cutOff = best[take - 1].Score;
            }
        }
    }

    static readonly Comparison<(float Score, int Slot)> BetterFirst =
        (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Slot.CompareTo(b.Slot);

    /// <summary>Per-request working memory, pooled so retrieval allocates almost nothing.</summary>
    sealed class Scratch
    {
        public float[] Weights = [];
        public readonly List<(float Score, int Slot)> Best = new(4096);

        public void Ensure(int slots)
        {
            if (Weights.Length < slots)
            {
                Weights = new float[Math.Max(slots, Weights.Length * 2)];
            }
        }
    }
}
