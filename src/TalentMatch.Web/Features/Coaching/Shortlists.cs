using Dapper;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>What the shortlist slices share: reading an entry with its rights, and changing its status with a record of who did it.</summary>
static class Shortlists
{
    public sealed class Entry
    {
        public Guid ShortlistEntryId { get; init; }
        public Guid VacancyId { get; init; }
        public Guid ProfileId { get; init; }
        public Guid EmployerId { get; init; }
        public Guid? OwnerAccountId { get; init; }
        public string Status { get; init; } = "";
    }

    /// <summary>The entry, locked for the transaction, if the asker may act on it: coaches on any, employers on their organisation's, the person on their own.</summary>
    public static async Task<Entry> ReadForAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ICurrentUser user, Guid entryId, CancellationToken ct)
    {
        var entry = await connection.QuerySingleOrDefaultAsync<Entry>(new CommandDefinition("""
            select e.shortlist_entry_id, e.vacancy_id, e.profile_id, v.employer_id, p.owner_account_id, e.status
            from shortlist_entry e join vacancy v on v.vacancy_id = e.vacancy_id join profile p on p.profile_id = e.profile_id
            where e.shortlist_entry_id = @entryId
            for update of e
            """, new { entryId }, transaction, cancellationToken: ct));
        var reaches = entry is not null && (user.IsSystem || user.IsIn(Role.Coach)
            || (user.IsIn(Role.Employer) && user.EmployerId == entry.EmployerId)
            || (user.IsIn(Role.JobSeeker) && entry.OwnerAccountId is not null && entry.OwnerAccountId == user.AccountId));
        return reaches ? entry! : throw new NotFoundException("Shortlist entry", entryId);
    }

    /// <summary>Moves an entry to a new status and records who did it; a person must be signed in to do it.</summary>
    public static async Task ChangeStatusAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ICurrentUser user, Guid entryId, string? from, string to,
        string? reason, CancellationToken ct)
    {
        var account = user.RequireAccountId();
        var role = Roles.All.Where(user.IsIn).Select(Roles.Name).First();
        await connection.ExecuteAsync(new CommandDefinition("""
            update shortlist_entry set status = @to, rejection_reason = case when @to = 'rejected' then @reason else rejection_reason end, updated_at = now()
            where shortlist_entry_id = @entryId;
            insert into shortlist_status_change (shortlist_entry_id, from_status, to_status, reason, changed_by_account_id, changed_by_role)
            values (@entryId, @from, @to, @reason, @account, @role);
            """, new { entryId, from, to, reason, account, role }, transaction, cancellationToken: ct));
    }

    /// <summary>Which status may follow which, and so who may move it (coach, person, or employer/coach for outcomes).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Next = new Dictionary<string, string[]>
    {
        ["shortlisted"] = ["proposed"],
        ["proposed"] = ["accepted", "declined"],
        ["accepted"] = ["interview", "hired", "rejected"],
        ["interview"] = ["hired", "rejected"],
        ["declined"] = [],
        ["hired"] = [],
        ["rejected"] = [],
    };

    public static void EnsureCanMove(Entry entry, string to)
    {
        if (!Next[entry.Status].Contains(to))
        {
            throw new ConflictException("status", $"A shortlist entry that is '{entry.Status}' cannot become '{to}'.");
        }
    }
}
