using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>
/// A vacancy's shortlist in the coach's order. The coach sees notes and every entry; the employer sees only
/// proposed introductions, anonymised, and a name and e-mail address only once the person has accepted.
/// </summary>
public static class GetShortlist
{
    [AllowedFor(Role.Coach, Role.Employer)]
    public sealed record Query(Guid VacancyId) : IQuery<Response>;

    public sealed record Response(Guid VacancyId, IReadOnlyList<Item> Items);

    /// <param name="Contact">Only after the person accepted the introduction.</param>
    public sealed record Item(Guid EntryId, int Position, Guid ProfileId, string Status, string? Note, string? RejectionReason, string? Region,
        string EducationLevel, Contact? Contact, IReadOnlyList<StatusChange> History);

    public sealed record Contact(string? DisplayName, string Email);

    public sealed record StatusChange(string? From, string To, string? Reason, string ChangedByRole, DateTimeOffset ChangedAt);

    sealed class Row
    {
        public Guid EntryId { get; init; }
        public int Position { get; init; }
        public Guid ProfileId { get; init; }
        public string Status { get; init; } = "";
        public string? Note { get; init; }
        public string? RejectionReason { get; init; }
        public string? Postcode { get; init; }
        public string EducationLevel { get; init; } = "";
        public string? DisplayName { get; init; }
        public string? Email { get; init; }
    }

    sealed class ChangeRow
    {
        public Guid EntryId { get; init; }
        public string? FromStatus { get; init; }
        public string ToStatus { get; init; } = "";
        public string? Reason { get; init; }
        public string ChangedByRole { get; init; } = "";
        public DateTime ChangedAt { get; init; }
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var forEmployer = !user.IsIn(Role.Coach);
            if (forEmployer)
            {
                await OpeningAccess.EnsureManagesAsync(connection, null, user, query.VacancyId, null, cancellationToken);
            }
            else if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                         "select exists (select 1 from vacancy where vacancy_id = @VacancyId)", query, cancellationToken: cancellationToken)))
            {
                throw new NotFoundException("Vacancy", query.VacancyId);
            }

            return new Response(query.VacancyId, await ReadAsync(connection, query.VacancyId, forEmployer, cancellationToken));
        }
    }

    static readonly string[] Introduced = ["proposed", "accepted", "interview", "hired", "rejected"];
    static readonly string[] Accepted = ["accepted", "interview", "hired", "rejected"];

    internal static async Task<IReadOnlyList<Item>> ReadAsync(NpgsqlConnection connection, Guid vacancyId, bool forEmployer, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition("""
            select e.shortlist_entry_id as entry_id, e.position, e.profile_id, e.status, e.note, e.rejection_reason, p.postcode, p.education_level,
                   coalesce(p.display_name, a.display_name) as display_name, a.email
            from shortlist_entry e join profile p on p.profile_id = e.profile_id left join account a on a.account_id = p.owner_account_id
            where e.vacancy_id = @vacancyId order by e.position
            """, new { vacancyId }, cancellationToken: ct))).Where(r => !forEmployer || Introduced.Contains(r.Status)).ToList();
        var history = (await connection.QueryAsync<ChangeRow>(new CommandDefinition("""
            select c.shortlist_entry_id as entry_id, c.from_status, c.to_status, c.reason, c.changed_by_role, c.changed_at
            from shortlist_status_change c join shortlist_entry e on e.shortlist_entry_id = c.shortlist_entry_id
            where e.vacancy_id = @vacancyId order by c.changed_at, c.shortlist_status_change_id
            """, new { vacancyId }, cancellationToken: ct))).ToLookup(c => c.EntryId);
        return rows.Select((r, index) => new Item(r.EntryId, index + 1, r.ProfileId, r.Status, forEmployer ? null : r.Note, r.RejectionReason,
            r.Postcode?[..2], r.EducationLevel,
            Accepted.Contains(r.Status) && r.Email is not null ? new Contact(r.DisplayName, r.Email) : null,
            history[r.EntryId].Select(c => new StatusChange(c.FromStatus, c.ToStatus, c.Reason, c.ChangedByRole, new DateTimeOffset(c.ChangedAt, TimeSpan.Zero))).ToList())).ToList();
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/vacancies/{id:guid}/shortlist", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetShortlist")
            .WithSummary("Coach: the shortlist in order with notes. Employer: introductions, anonymised until accepted.");
}
