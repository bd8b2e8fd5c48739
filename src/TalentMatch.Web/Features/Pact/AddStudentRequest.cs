using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>
/// A student (by a school's reference, not a name) asks the pact for a place: programme, level, period,
/// skills, postcode and, optionally, internship places ranked best first for the stable mode.
/// </summary>
public static class AddStudentRequest
{
    public sealed record RequestSkill(Guid SkillId, int Level = 2);

    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Command(string? Reference, string? Sector, string? EducationLevel, string? Programme, DateOnly? PeriodStart, DateOnly? PeriodEnd,
        string? Postcode, IReadOnlyList<RequestSkill>? Skills, IReadOnlyList<Guid>? Preferences) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid PactId { get; init; }
    }

    public sealed record Response(Guid Id, Guid PactId, string Reference, string Sector, string EducationLevel, string Programme, DateOnly PeriodStart,
        DateOnly PeriodEnd, string Postcode, int Skills, int Preferences);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            RuleFor(c => c.Reference).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Sector).NotEmpty().In(Vocabulary.Sectors);
            RuleFor(c => c.EducationLevel).NotEmpty().In(PactRules.Levels);
            RuleFor(c => c.Programme).NotEmpty().MaximumLength(100);
            RuleFor(c => c.PeriodStart).NotNull();
            RuleFor(c => c.PeriodEnd).NotNull()
                .GreaterThan(c => c.PeriodStart).When(c => c.PeriodStart is not null).WithMessage("The period must end after it starts.");
            RuleFor(c => c.Postcode).NotEmpty().Postcode();
            RuleFor(c => c.Skills).NotEmpty().WithMessage("A request needs at least one skill to match on.");
            RuleFor(c => c.Skills).Must(s => s is null || s.Select(k => k.SkillId).Distinct().Count() == s.Count).WithMessage("Each skill at most once.");
            RuleForEach(c => c.Skills).ChildRules(skill => skill.RuleFor(s => s.Level).InclusiveBetween(1, 4));
            RuleFor(c => c.Skills!.Select(s => s.SkillId).ToList() as IReadOnlyList<Guid>)
                .AllKnown(dataSource, _ => Guid.Empty, "select count(*) from skill where skill_id = any(@ids)", "Unknown skill.")
                .OverridePropertyName("skills").When(c => c.Skills is not null);
            RuleFor(c => c.Preferences).Must(p => p is null || p.Distinct().Count() == p.Count).WithMessage("Each place at most once.");
            RuleFor(c => c.Preferences).AllKnown(dataSource, c => c.PactId, """
                select count(*) from pledge_place lp join pledge p on p.pledge_id = lp.pledge_id where lp.vacancy_id = any(@ids) and p.pact_id = @scope
                """, "Unknown internship place in this pact.");
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var id = Guid.CreateVersion7();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await PactRules.EnsurePactAsync(connection, command.PactId, cancellationToken, transaction);
            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                insert into student_request (request_id, pact_id, reference, sector, education_level, programme, period_start, period_end, postcode)
                values (@id, @PactId, @Reference, @Sector, @EducationLevel, @Programme, @PeriodStart, @PeriodEnd, @Postcode)
                on conflict (pact_id, reference) do nothing
                """, new { id, command.PactId, command.Reference, command.Sector, command.EducationLevel, command.Programme, command.PeriodStart, command.PeriodEnd,
                command.Postcode }, transaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                throw new ConflictException("reference", "This pact already has a request with this reference.");
            }

            var skills = command.Skills!;
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into student_request_skill (request_id, skill_id, level) select @id, s, l from unnest(@skillIds, @levels) as t(s, l)
                """, new { id, skillIds = skills.Select(s => s.SkillId).ToArray(), levels = skills.Select(s => (short)s.Level).ToArray() }, transaction, cancellationToken: cancellationToken));
            var preferences = command.Preferences ?? [];
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into student_preference (request_id, vacancy_id, rank) select @id, v, r from unnest(@places, @ranks) as t(v, r)
                """, new { id, places = preferences.ToArray(), ranks = Enumerable.Range(1, preferences.Count).ToArray() }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return new Response(id, command.PactId, command.Reference!, command.Sector!, command.EducationLevel!, command.Programme!, command.PeriodStart!.Value,
                command.PeriodEnd!.Value, command.Postcode!, skills.Count, preferences.Count);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/pacts/{pactId:guid}/requests", async (Guid pactId, Command command, ISender sender, CancellationToken ct) =>
            {
                var request = await sender.Send(command with { PactId = pactId }, ct);
                return TypedResults.Created($"/api/pacts/{pactId}/requests/{request.Id}", request);
            })
            .WithName("AddStudentRequest");
}
