using System.Text.Json.Serialization;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Internships;

public static class UpdateInternship
{
    [AllowedFor(Role.Employer, Role.Coordinator, Role.Admin)]
    public sealed record Command : InternshipFields, ICommand<GetInternship.Response>
    {
        [JsonIgnore]
        public Guid Id { get; init; }
    }

    public sealed class Validator(NpgsqlDataSource dataSource) : InternshipFieldsValidator<Command>(dataSource);

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, GetInternship.Response>
    {
        public async ValueTask<GetInternship.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                if (!await OpeningStore.ExistsAsync(connection, transaction, command.Id, "internship", cancellationToken))
                {
                    throw new NotFoundException("Internship place", command.Id);
                }

                await OpeningStore.WriteAsync(connection, transaction, command.Id, "internship", command, contractType: null, isNew: false, cancellationToken);
                await InternshipStore.WriteAsync(connection, transaction, command.Id, command, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            return await GetInternship.ReadAsync(connection, command.Id, cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/internships/{id:guid}", async (Guid id, Command command, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { Id = id }, ct)))
            .WithName("UpdateInternship");
}
