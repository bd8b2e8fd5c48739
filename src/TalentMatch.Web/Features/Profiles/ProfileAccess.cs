using Dapper;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Profiles;

/// <summary>
/// Who may reach which profile: its owner always; a coach only when the owner allows coaches; nobody else.
/// A profile someone may not reach answers exactly like one that does not exist, so ids cannot be probed.
/// </summary>
public static class ProfileAccess
{
    /// <summary>Visibility levels that let a coach see the profile (allowing employers includes coaches).</summary>
    public static readonly string[] CoachMaySee = ["coach", "employers-anonymous"];

    public static async Task EnsureCanReadAsync(NpgsqlConnection connection, ICurrentUser user, Guid profileId, CancellationToken ct, NpgsqlTransaction? transaction = null)
    {
        if (!await CanReachAsync(connection, user, profileId, write: false, transaction, ct))
        {
            throw new NotFoundException("Profile", profileId);
        }
    }

    public static async Task EnsureCanChangeAsync(NpgsqlConnection connection, ICurrentUser user, Guid profileId, CancellationToken ct, NpgsqlTransaction? transaction = null)
    {
        if (!await CanReachAsync(connection, user, profileId, write: true, transaction, ct))
        {
            throw new NotFoundException("Profile", profileId);
        }
    }

    /// <summary>Names the acting account for the rest of the transaction, so the visibility log records who changed it.</summary>
    public static Task NameChangerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ICurrentUser user, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("select set_config('talentmatch.account_id', @id, true)",
            new { id = user.AccountId?.ToString() ?? "" }, transaction, cancellationToken: ct));

    static async Task<bool> CanReachAsync(NpgsqlConnection connection, ICurrentUser user, Guid profileId, bool write, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(Guid? Owner, string Visibility)?>(new CommandDefinition(
            "select owner_account_id, visibility from profile where profile_id = @profileId", new { profileId }, transaction, cancellationToken: ct));
        if (row is not { } profile)
        {
            return false;
        }

        return write ? CanChange(user, profile.Owner) : CanRead(user, profile.Owner, profile.Visibility);
    }

    /// <summary>The read rule on its own, for callers that hold the profile's owner and visibility already.</summary>
    public static bool CanRead(ICurrentUser user, Guid? owner, string visibility) =>
        CanChange(user, owner) || (user.IsIn(Role.Coach) && CoachMaySee.Contains(visibility));

    static bool CanChange(ICurrentUser user, Guid? owner) =>
        user.IsSystem || (user.IsIn(Role.JobSeeker) && owner is not null && owner == user.AccountId);
}
