using Dapper;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Vacancies;

/// <summary>
/// Who manages which vacancy or internship place: an employer only their own organisation's; pact coordinators
/// (who register places for schools and firms) and admins any. Anything else answers like a missing id.
/// </summary>
public static class OpeningAccess
{
    public static bool ManagesAll(ICurrentUser user) => user.IsSystem || user.IsIn(Role.Admin) || user.IsIn(Role.Coordinator);

    /// <summary>
    /// Someone who looks at candidates only as one organisation's employer: limited to its own openings, and charged
    /// for the candidate cards they see. Coaches and those who manage all openings work for everyone.
    /// </summary>
    public static bool ActsAsOwnEmployer(ICurrentUser user) => user.IsIn(Role.Employer) && !user.IsIn(Role.Coach) && !ManagesAll(user);

    /// <summary>May the asker post or move an opening to this organisation?</summary>
    public static bool MayPostFor(ICurrentUser user, Guid employerId) =>
        ManagesAll(user) || (user.IsIn(Role.Employer) && user.EmployerId == employerId);

    /// <summary>True when an opening of this kind exists and the asker manages it; locks it for the rest of the transaction.</summary>
    public static async Task<bool> ManagesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ICurrentUser user, Guid id, string? kind, CancellationToken ct)
    {
        var employer = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            $"select employer_id from vacancy where vacancy_id = @id and (@kind::text is null or kind = @kind){(transaction is null ? "" : " for update")}",
            new { id, kind }, transaction, cancellationToken: ct));
        return employer is { } owner && MayPostFor(user, owner);
    }

    public static async Task EnsureManagesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ICurrentUser user, Guid id, string? kind, CancellationToken ct)
    {
        if (!await ManagesAsync(connection, transaction, user, id, kind, ct))
        {
            throw new NotFoundException(kind == "internship" ? "Internship place" : "Vacancy", id);
        }
    }
}
