using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>An employer, school or municipality joins the pact; an employer may be linked to its platform account.</summary>
public static class AddPartner
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Command(string? Name, string? Kind, Guid? EmployerId) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid PactId { get; init; }
    }

    public sealed record Response(Guid Id, Guid PactId, string Name, string Kind, Guid? EmployerId);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Kind).NotEmpty().In(PactRules.PartnerKinds);
            RuleFor(c => c.EmployerId!.Value).BelongsToPact(dataSource, _ => Guid.Empty, "select exists (select 1 from employer where employer_id = @id)", "Unknown employer.")
                .OverridePropertyName("employerId").When(c => c.EmployerId is not null);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await PactRules.EnsurePactAsync(connection, command.PactId, cancellationToken);
            return await connection.QuerySingleAsync<Response>(new CommandDefinition("""
                insert into pact_partner (partner_id, pact_id, name, kind, employer_id) values (@id, @PactId, @Name, @Kind, @EmployerId)
                returning partner_id as id, pact_id, name, kind, employer_id
                """, new { id = Guid.CreateVersion7(), command.PactId, command.Name, command.Kind, command.EmployerId }, cancellationToken: cancellationToken));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/pacts/{pactId:guid}/partners", async (Guid pactId, Command command, ISender sender, CancellationToken ct) =>
            {
                var partner = await sender.Send(command with { PactId = pactId }, ct);
                return TypedResults.Created($"/api/pacts/{pactId}/partners/{partner.Id}", partner);
            })
            .WithName("AddPartner");
}
