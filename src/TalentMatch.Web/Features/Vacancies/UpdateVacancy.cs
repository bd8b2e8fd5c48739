using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Vacancies;

/// <summary>An employer replaces a vacancy as a whole, e.g. to change its skills or close it.</summary>
public static class UpdateVacancy
{
    [AllowedFor(Role.Employer, Role.Coordinator, Role.Admin)]
    public sealed record Command : OpeningFields, ICommand<GetVacancy.Response>
    {
        [JsonIgnore]
        public Guid Id { get; init; }

        public string? ContractType { get; init; }
    }

    public sealed class Validator : OpeningFieldsValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource, ICurrentUser user) : base(dataSource, user) =>
            RuleFor(v => v.ContractType).NotEmpty().In(Vocabulary.ContractTypes);
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : ICommandHandler<Command, GetVacancy.Response>
    {
        public async ValueTask<GetVacancy.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await OpeningAccess.EnsureManagesAsync(connection, transaction, user, command.Id, "job", cancellationToken);

                await OpeningStore.WriteAsync(connection, transaction, command.Id, "job", command, command.ContractType, isNew: false, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            return await GetVacancy.ReadAsync(connection, command.Id, cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/vacancies/{id:guid}", async (Guid id, Command command, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { Id = id }, ct)))
            .WithName("UpdateVacancy");
}
