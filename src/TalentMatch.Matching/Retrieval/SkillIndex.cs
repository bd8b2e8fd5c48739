using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

        // The postings keep pointing at the retired slot; compaction drops them. An infinite mass makes its score
        // 0, which never passes the selection's cut-off, so selection need not read the item to skip it.
        _items[slot] = null;
        _mass[slot] = float.PositiveInfinity;
        _retired++;
        return true;
    }

    /// <summary>Rebuilds the postings without retired slots once they make up a quarter of the index.</summary>
    void Compact()
    {
        _lock.EnterWriteLock();
        try
        {
            var live = new List<(T Item, float Mass)>(_slotOf.Count);
            for (var slot = 0; slot < _slots; slot++)
            {
                if (_items[slot] is { } item)
                {
                    live.Add((item, _mass[slot]));
                }
            }

            Array.Clear(_items);
            _slotOf.Clear();
            foreach (var list in _postings)
            {
                list?.Clear();
            }

            _slots = 0;
            _retired = 0;
            foreach (var (item, mass) in live)
            {
                var slot = _slots++;
                _items[slot] = item;

                // Moved items take their mass along: a stale one would score them by another item's skills.
                _mass[slot] = mass;
                foreach (var skill in item.Skills)
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
    /// as many as <see cref="OccupationBudget"/> allows), best first; equal scores in slot order, so the same request
    /// always gives the same list. <paramref name="accept"/> filters items (e.g. only open ones, only people who allow
    /// matching) before they take a place.
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

            var best = SelectBest(weights, take, accept, scratch.Best, scratch);
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
    /// The best <paramref name="take"/> live items that <paramref name="accept"/> lets through, best first, equal
    /// scores in slot order. A filter reads the item itself, a cache miss per candidate, so it runs only on the best
    /// few: gather the best 2 × take live items without it, then filter those in order. Only when fewer than
    /// <paramref name="take"/> of them pass and others were left out does the gathering run again with the filter.
    /// </summary>
    List<(float Score, int Slot)> SelectBest(float[] weights, int take, Func<T, bool>? accept, List<(float Score, int Slot)> best, Scratch scratch)
    {
        if (take <= 0)
        {
            Array.Clear(weights, 0, _slots);
            return best;
        }

        if (accept is null)
        {
            foreach (var key in Gather(weights, take, clear: true, accept: null, scratch, out _))
            {
                best.Add((BestKeys.Score(key), BestKeys.Slot(key)));
            }

            return best;
        }

        var unfiltered = Gather(weights, 2 * take, clear: false, accept: null, scratch, out var leftOut);
        foreach (var key in unfiltered)
        {
            if (accept(_items[BestKeys.Slot(key)]!))
            {
                best.Add((BestKeys.Score(key), BestKeys.Slot(key)));
                if (best.Count == take)
                {
                    break;
                }
            }
        }

        if (best.Count == take || !leftOut)
        {
            Array.Clear(weights, 0, _slots);
            return best;
        }

        best.Clear();
        foreach (var key in Gather(weights, take, clear: true, accept, scratch, out _))
        {
            best.Add((BestKeys.Score(key), BestKeys.Slot(key)));
        }

        return best;
    }

    /// <summary>
    /// One pass over all slots, eight at a time: a block with no weight, or none whose score beats the current
    /// cut-off, is skipped without touching the items. Items above the cut-off are filtered and gathered; when the
    /// buffer fills it is cut back to the best <paramref name="take"/>, which raises the cut-off, so only a few
    /// thousand items are ever looked at. Each (score, slot) is gathered as one integer key that orders best first,
    /// equal scores in slot order, so the cut-backs are a partition of integers (<see cref="BestKeys.Partition"/>)
    /// rather than comparison sorts. With <paramref name="clear"/> weights are set back to zero on the way.
    /// </summary>
    /// <param name="leftOut">Whether a live, accepted item with weight did not make the returned keys.</param>
    /// <returns>The keys of the best items, sorted, at most <paramref name="take"/>.</returns>
    Span<ulong> Gather(float[] weights, int take, bool clear, Func<T, bool>? accept, Scratch scratch, out bool leftOut)
    {
        var limit = Math.Max(4 * take, 1024);
        var keys = scratch.Keys(limit);
        var count = 0;
        var cutBack = false;
        var cutOff = 0f;
        var slots = _slots;
        var lanes = Vector<float>.Count;
        Span<float> laneScores = stackalloc float[lanes];
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

            if (clear)
            {
                Vector.StoreUnsafe(Vector<float>.Zero, ref weight0, (nuint)slot);
            }

            // The same float division as one at a time, so scores do not depend on the path taken.
            var scores = w / Vector.LoadUnsafe(ref mass0, (nuint)slot);

            // Lanes without weight and retired slots score 0, never above the cut-off (at least 0), so the mask
            // leaves them out too.
            var above = Vector.GreaterThan(scores, new Vector<float>(cutOff));
            if (above == Vector<int>.Zero)
            {
                continue;
            }

            scores.CopyTo(laneScores);
            var lanesAbove = LaneBits(above);
            while (lanesAbove != 0)
            {
                var lane = BitOperations.TrailingZeroCount(lanesAbove);
                lanesAbove &= lanesAbove - 1;
                Consider(laneScores[lane], slot + lane);
            }
        }

        for (; slot < slots; slot++)
        {
            var w = Unsafe.Add(ref weight0, slot);
            if (w != 0)
            {
                if (clear)
                {
                    Unsafe.Add(ref weight0, slot) = 0;
                }

                Consider(w / Unsafe.Add(ref mass0, slot), slot);
            }
        }

        leftOut = cutBack || count > take;
        var kept = keys.AsSpan(0, count);
        if (count > take)
        {
            BestKeys.Partition(kept, take);
            kept = kept[..take];
        }

        kept.Sort();
        return kept;

        void Consider(float score, int at)
        {
            // Slots come in ascending order, so an item whose score only equals the cut-off comes after the kept
            // item holding it and loses on slot order. Skipping ties matters: generated and real openings often
            // share a skill list, and thousands of equal scores would otherwise each take a place and a cut-back.
            if (score <= cutOff)
            {
                return;
            }

            // Retired slots never get here (their score is 0), so only a filter needs the item.
            if (accept is not null && !accept(_items[at]!))
            {
                return;
            }

            keys[count++] = BestKeys.Of(score, at);
            if (count == limit)
            {
                BestKeys.Partition(keys.AsSpan(0, count), take);
                cutBack = true;
                count = take;
                cutOff = BestKeys.Score(keys[take - 1]);
            }
        }
    }

    /// <summary>One bit per lane whose comparison held, lowest lane first.</summary>
    static uint LaneBits(Vector<int> comparison)
    {
        if (Vector<int>.Count == Vector256<int>.Count)
        {
            return comparison.AsVector256().ExtractMostSignificantBits();
        }

        var bits = 0u;
        for (var lane = 0; lane < Vector<int>.Count; lane++)
        {
            bits |= comparison[lane] != 0 ? 1u << lane : 0;
        }

        return bits;
    }

    /// <summary>Per-request working memory, pooled so retrieval allocates almost nothing.</summary>
    sealed class Scratch
    {
        public float[] Weights = [];
        public readonly List<(float Score, int Slot)> Best = new(4096);
        ulong[] _keys = [];

        public ulong[] Keys(int limit)
        {
            if (_keys.Length < limit)
            {
                _keys = new ulong[limit];
            }

            return _keys;
        }

        public void Ensure(int slots)
        {
            if (Weights.Length < slots)
            {
                Weights = new float[Math.Max(slots, Weights.Length * 2)];
            }
        }
    }
}

/// <summary>
/// A retrieval score and a slot packed into one integer that sorts best first: the score's bits inverted (scores
/// are positive, and positive floats order like their bits), then the slot, so equal scores go in slot order.
/// </summary>
internal static class BestKeys
{
    public static ulong Of(float score, int slot) => ((ulong)~BitConverter.SingleToUInt32Bits(score) << 32) | (uint)slot;

    public static float Score(ulong key) => BitConverter.UInt32BitsToSingle(~(uint)(key >> 32));

    public static int Slot(ulong key) => (int)(uint)key;

    /// <summary>
    /// Moves the <paramref name="count"/> smallest keys to the front, the largest of them last at
    /// <c>count - 1</c> (quickselect, Hoare partition, middle pivot): linear time where a sort is n log n.
    /// </summary>
    public static void Partition(Span<ulong> keys, int count)
    {
        var nth = count - 1;
        int low = 0, high = keys.Length - 1;
        while (low < high)
        {
            var pivot = keys[low + ((high - low) / 2)];
            int i = low, j = high;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }

            if (nth <= j)
            {
                high = j;
            }
            else if (nth >= i)
            {
                low = i;
            }
            else
            {
                return;
            }
        }
    }
}
