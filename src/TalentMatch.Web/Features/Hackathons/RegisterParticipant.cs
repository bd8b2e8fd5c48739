using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>Someone registers for an event: who they are (student, company staff, knowledge institution, government), their skills and the challenges they want most.</summary>
public static class RegisterParticipant
{
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Command(string? Name, string? Kind, string? Organisation, string? Programme, IReadOnlyList<Guid>? Skills, IReadOnlyList<Guid>? Preferences)
        : ICommand<Response>
    {
        [JsonIgnore]
        public Guid EventId { get; init; }
    }

    public sealed record Response(Guid Id, Guid EventId, string Name, string Kind, string? Organisation, string? Programme, int Skills, IReadOnlyList<Guid> Preferences);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Kind).NotEmpty().In(HackathonRules.ParticipantKinds);
            RuleFor(c => c.Organisation).MaximumLength(200);
            RuleFor(c => c.Programme).MaximumLength(100);
            RuleFor(c => c.Programme).Null().When(c => c.Kind != "student").WithMessage("Only students give a programme.");
            RuleFor(c => c.Skills).Must(s => s is null || s.Distinct().Count() == s.Count).WithMessage("Each skill at most once.")
                .AllKnown(dataSource, _ => Guid.Empty, "select count(*) from skill where skill_id = any(@ids)", "Unknown skill.");
            RuleFor(c => c.Preferences).Must(p => p is null || p.Distinct().Count() == p.Count).WithMessage("Each challenge at most once.")
                .AllKnown(dataSource, c => c.EventId, "select count(*) from challenge where challenge_id = any(@ids) and event_id = @scope", "Unknown challenge in this event.");
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var id = Guid.CreateVersion7();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await HackathonRules.EnsureEventAsync(connection, command.EventId, cancellationToken, transaction);
            var skills = command.Skills ?? [];
            var preferences = command.Preferences ?? [];
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into event_participant (participant_id, event_id, name, kind, organisation, programme) values (@id, @EventId, @Name, @Kind, @Organisation, @Programme);
                insert into participant_skill (participant_id, skill_id) select @id, s from unnest(@skills) as s;
                insert into participant_preference (participant_id, challenge_id, rank) select @id, c, r from unnest(@preferences, @ranks) as t(c, r);
                """, new { id, command.EventId, command.Name, command.Kind, command.Organisation, command.Programme, skills = skills.ToArray(), preferences = preferences.ToArray(),
                ranks = Enumerable.Range(1, preferences.Count).ToArray() }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return new Response(id, command.EventId, command.Name!, command.Kind!, command.Organisation, command.Programme, skills.Count, preferences);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/events/{eventId:guid}/participants", async (Guid eventId, Command command, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(command with { EventId = eventId }, ct);
                return TypedResults.Created($"/api/events/{eventId}/participants/{created.Id}", created);
            })
            .WithName("RegisterParticipant");
}
