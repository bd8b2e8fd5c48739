using System.Collections.Concurrent;
using Npgsql;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

static class ProfileLoader
{
    /// <summary>
    /// The person as matching sees them, once the asker may read the profile; null when it lists no skill.
    /// Someone else's profile and one that does not exist are the same 404.
    /// </summary>
    public static async Task<Candidate?> LoadReadableAsync(NpgsqlDataSource dataSource, MatchingState state, SkillSpace space, ICurrentUser user,
        Guid profileId, CancellationToken ct) =>
        (await ReadableAsync(dataSource, state, space, user, profileId, ct)).Person;

    /// <summary>The held profile (owner, visibility, person), once the asker may read it; otherwise the same 404.</summary>
    public static async Task<ProfileCache.Entry> ReadableAsync(NpgsqlDataSource dataSource, MatchingState state, SkillSpace space, ICurrentUser user,
        Guid profileId, CancellationToken ct)
    {
        var profile = await state.Profiles.GetAsync(dataSource, space, profileId, ct);
        return profile is not null && ProfileAccess.CanRead(user, profile.Owner, profile.Visibility)
            ? profile
            : throw new NotFoundException("Profile", profileId);
    }
}

/// <summary>
/// Profiles as matching reads them (owner, visibility, skills), private ones included, so a person reading their
/// own matches costs no database round trip. An entry is dropped the moment the profile changes: this app's own
/// writes drop it before they answer, and every other writer's change arrives through the change feed within a
/// second (the same feed that keeps the matching indexes in step). A load that raced with a change is not kept.
/// </summary>
public sealed class ProfileCache
{
    /// <summary>Beyond this many people the cache starts again: it holds the active ones, not the whole register.</summary>
    const int MaxEntries = 200_000;

    /// <param name="Space">The taxonomy the person's dense skill indexes refer to.</param>
    public sealed record Entry(Guid? Owner, string Visibility, Candidate? Person, SkillSpace Space);

    readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    long _changes;

    public int Count => _entries.Count;

    /// <summary>The profile, read from PostgreSQL when not held; null when it does not exist.</summary>
    public async ValueTask<Entry?> GetAsync(NpgsqlDataSource dataSource, SkillSpace space, Guid profileId, CancellationToken ct)
    {
        if (_entries.TryGetValue(profileId, out var held) && ReferenceEquals(held.Space, space))
        {
            return held;
        }

        // A change counted after this point may have committed after the read below, so then the row is not kept.
        var changes = Interlocked.Read(ref _changes);
        Entry? loaded;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            loaded = await MatchingSource.ReadProfileAsync(connection, space, profileId, ct);
        }

        if (loaded is not null && Interlocked.Read(ref _changes) == changes)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[profileId] = loaded;
            // Checked again: a change counted while storing must not leave the stored row behind.
            if (Interlocked.Read(ref _changes) != changes)
            {
                _entries.TryRemove(profileId, out _);
            }
        }

        return loaded;
    }

    /// <summary>The profile changed or is gone.</summary>
    public void Forget(Guid profileId)
    {
        Interlocked.Increment(ref _changes);
        _entries.TryRemove(profileId, out _);
    }

    /// <summary>Every profile an account owns, for erasure.</summary>
    public void ForgetOwnedBy(Guid account)
    {
        Interlocked.Increment(ref _changes);
        foreach (var (id, entry) in _entries)
        {
            if (entry.Owner == account)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Changes may have been missed (the change feed was lost) or the taxonomy changed.</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _changes);
        _entries.Clear();
    }
}
