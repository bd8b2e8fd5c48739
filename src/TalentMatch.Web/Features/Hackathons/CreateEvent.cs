using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>A hackathon (a day or two, mixed teams) or a lab round (weeks, student teams), with the registrations it needs to go ahead.</summary>
public static class CreateEvent
{
    [AllowedFor(Role.Organiser, Role.Admin)]
    public sealed record Command(string? Name, string? Kind, DateOnly? StartsOn, DateOnly? EndsOn, string? Place, int MinimumParticipants = 25) : ICommand<Response>;

    public sealed record Response(Guid Id, string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, string Place, int MinimumParticipants);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Kind).NotEmpty().In(HackathonRules.EventKinds);
            RuleFor(c => c.StartsOn).NotNull();
            RuleFor(c => c.EndsOn).NotNull()
                .GreaterThanOrEqualTo(c => c.StartsOn).When(c => c.StartsOn is not null).WithMessage("The event must end on or after the day it starts.");
            RuleFor(c => c.Place).NotEmpty().MaximumLength(200);
            RuleFor(c => c.MinimumParticipants).InclusiveBetween(0, 10000);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await connection.QuerySingleAsync<Response>(new CommandDefinition("""
                insert into hackathon_event (event_id, name, kind, starts_on, ends_on, place, minimum_participants)
                values (@id, @Name, @Kind, @StartsOn, @EndsOn, @Place, @MinimumParticipants)
                returning event_id as id, name, kind, starts_on, ends_on, place, minimum_participants
                """, new { id = Guid.CreateVersion7(), command.Name, command.Kind, command.StartsOn, command.EndsOn, command.Place, command.MinimumParticipants },
                cancellationToken: cancellationToken));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/events", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(command, ct);
                return TypedResults.Created($"/api/events/{created.Id}", created);
            })
            .WithName("CreateEvent");
}
