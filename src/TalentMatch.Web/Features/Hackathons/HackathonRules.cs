using Dapper;
using Npgsql;
using TalentMatch.Planning.Teams;
using TalentMatch.Web.Infrastructure.Errors;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>Word lists and checks the event slices share, kept in step with migration 0021.</summary>
public static class HackathonRules
{
    public static readonly string[] EventKinds = ["hackathon", "lab"];
    public static readonly string[] ParticipantKinds = ["student", "company-staff", "knowledge-institution", "government"];

    public static ParticipantKind Kind(string kind) => kind switch
    {
        "student" => ParticipantKind.Student,
        "company-staff" => ParticipantKind.CompanyStaff,
        "knowledge-institution" => ParticipantKind.KnowledgeInstitution,
        _ => ParticipantKind.Government,
    };

    public static readonly IReadOnlySet<ParticipantKind> NonStudents =
        new HashSet<ParticipantKind> { ParticipantKind.CompanyStaff, ParticipantKind.KnowledgeInstitution, ParticipantKind.Government };

    public static async Task<string> EnsureEventAsync(NpgsqlConnection connection, Guid eventId, CancellationToken ct, NpgsqlTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition("select kind from hackathon_event where event_id = @eventId", new { eventId }, transaction, cancellationToken: ct))
        ?? throw new NotFoundException("Event", eventId);
}
