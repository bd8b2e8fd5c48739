using System.Runtime;
using Dapper;
using Npgsql;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// Holds the garbage collector off while the matching indexes load. A million openings allocate about a
/// gigabyte of objects in a few seconds, most of which stay; every collection in between stops both COPY readers
/// (and so PostgreSQL's sending) to copy the survivors from generation to generation. With no collection at all,
/// they are allocated once and stay where they are; the load's garbage is collected after it. The budget is
/// sized from PostgreSQL's own estimate of the row counts; a load that outgrows it simply collects as usual.
/// Small databases do not bother: their load is quick either way.
/// </summary>
public sealed class LoadWithoutCollections : IDisposable
{
    // Measured allocations of the start-up load, rounded up: an opening with its card, strings, id lookups and
    // index entry; a skill row read, merged and posted.
    const long BytesPerOpening = 800;
    const long BytesPerSkillRow = 32;
    const long SmallestBudget = 64L << 20;
    const long LargestBudget = 3L << 30;

    readonly bool _started;

    LoadWithoutCollections(bool started) => _started = started;

    /// <summary>Whether no collection has run since the start: false when it never started or the load outgrew the budget.</summary>
    public bool Holding => _started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;

    public static async Task<LoadWithoutCollections> StartAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // reltuples is -1 before a table's first ANALYZE; its size on disk still gives an order of magnitude.
        var (openings, skillRows) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition("""
            select greatest(v.reltuples::bigint, pg_relation_size(v.oid) / 256), greatest(s.reltuples::bigint, pg_relation_size(s.oid) / 64)
            from pg_class v, pg_class s
            where v.oid = 'vacancy'::regclass and s.oid = 'vacancy_skill'::regclass
            """, cancellationToken: ct));
        var budget = openings * BytesPerOpening + skillRows * BytesPerSkillRow;
        if (budget < SmallestBudget)
        {
            return new LoadWithoutCollections(false);
        }

        try
        {
            return new LoadWithoutCollections(GC.TryStartNoGCRegion(Math.Min(budget, LargestBudget)));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            // Another load already holds collections off, or the runtime will not reserve that much: load as usual.
            return new LoadWithoutCollections(false);
        }
    }

    public void Dispose()
    {
        if (_started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // The region already ended on its own (the load outgrew the budget); nothing to give back.
            }
        }
    }
}
