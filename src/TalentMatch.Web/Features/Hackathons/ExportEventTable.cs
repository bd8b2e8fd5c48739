using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>Registrations and the latest teams as CSV, for the organiser's badges, rooms and mailings.</summary>
public static class ExportEventTable
{
    [AllowedFor(Role.Organiser, Role.Admin)]
    public sealed record Query(Guid EventId, string? Table) : IQuery<Response>;

    public sealed record Response(string FileName, string Csv);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Table).NotEmpty().In(["registrations", "teams"]);
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await HackathonRules.EnsureEventAsync(connection, query.EventId, cancellationToken);
            if (query.Table == "teams")
            {
                var teams = await GetTeams.ReadAsync(connection, query.EventId, cancellationToken);
                var rows = teams.Teams.SelectMany(t => t.Members.Select(m => new object?[]
                    { t.Company, t.Question, m.Name, m.Kind, string.Join("|", m.BringsSkills), m.PreferenceRank, m.Locked, string.Join("|", t.UncoveredSkills), t.Coverage }));
                return new Response("event-teams.csv", CsvWriter.Write(
                    ["company", "question", "participant", "kind", "brings_skills", "preference_rank", "locked", "uncovered_skills", "coverage"], rows));
            }

            var registrations = await connection.QueryAsync<(Guid Id, string Name, string Kind, string? Organisation, string? Programme, string Skills, string Preferences, DateTime CreatedAt)>(
                new CommandDefinition("""
                    select p.participant_id, p.name, p.kind, p.organisation, p.programme,
                           coalesce((select string_agg(s.label_en, '|' order by s.label_en) from participant_skill ps join skill s on s.skill_id = ps.skill_id where ps.participant_id = p.participant_id), ''),
                           coalesce((select string_agg(c.company, '|' order by pp.rank) from participant_preference pp join challenge c on c.challenge_id = pp.challenge_id where pp.participant_id = p.participant_id), ''),
                           p.created_at
                    from event_participant p where p.event_id = @EventId order by p.created_at, p.participant_id
                    """, new { query.EventId }, cancellationToken: cancellationToken));
            return new Response("event-registrations.csv", CsvWriter.Write(["participant_id", "name", "kind", "organisation", "programme", "skills", "preferences", "registered_at"],
                registrations.Select(r => new object?[] { r.Id, r.Name, r.Kind, r.Organisation, r.Programme, r.Skills, r.Preferences, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc) })));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/events/{eventId:guid}/export/{table}", async (Guid eventId, string table, ISender sender, CancellationToken ct) =>
            {
                var export = await sender.Send(new Query(eventId, KnownIds.TableName(table)), ct);
                return KnownIds.CsvFile(export.FileName, export.Csv);
            })
            .WithName("ExportEventTable");
}
