using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Vacancies;

/// <summary>An employer posts a vacancy described by the skills it needs.</summary>
public static class CreateVacancy
{
    [AllowedFor(Role.Employer, Role.Coordinator, Role.Admin)]
    public sealed record Command : OpeningFields, ICommand<GetVacancy.Response>
    {
        public string? ContractType { get; init; }
    }

    public sealed class Validator : OpeningFieldsValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource, ICurrentUser user) : base(dataSource, user) =>
            RuleFor(v => v.ContractType).NotEmpty().In(Vocabulary.ContractTypes);
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, GetVacancy.Response>
    {
        public async ValueTask<GetVacancy.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var id = Guid.CreateVersion7();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await OpeningStore.WriteAsync(connection, transaction, id, "job", command, command.ContractType, isNew: true, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            return await GetVacancy.ReadAsync(connection, id, cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/vacancies", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var vacancy = await sender.Send(command, ct);
                return TypedResults.Created($"/api/vacancies/{vacancy.Id}", vacancy);
            })
            .WithName("CreateVacancy");
}
