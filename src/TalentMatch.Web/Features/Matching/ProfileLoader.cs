using Npgsql;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Infrastructure.Errors;

namespace TalentMatch.Web.Features.Matching;

static class ProfileLoader
{
    /// <summary>The person as matching sees them, read fresh; null when none of their skills is in the taxonomy.</summary>
    public static async Task<Candidate?> LoadAsync(NpgsqlDataSource dataSource, SkillSpace space, Guid profileId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await foreach (var candidate in MatchingSource.ReadCandidatesAsync(connection, space, profileId, includePrivate: true, ct))
        {
            return candidate;
        }

        await using var exists = new NpgsqlCommand("select exists (select 1 from profile where profile_id = @id)", connection);
        exists.Parameters.AddWithValue("id", profileId);
        return (bool)(await exists.ExecuteScalarAsync(ct))! ? null : throw new NotFoundException("Profile", profileId);
    }
}
