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

    public sealed class Validator(NpgsqlDataSource dataSource, ICurrentUser user) : InternshipFieldsValidator<Command>(dataSource, user);

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : ICommandHandler<Command, GetInternship.Response>
    {
        public async ValueTask<GetInternship.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await OpeningAccess.EnsureManagesAsync(connection, transaction, user, command.Id, "internship", cancellationToken);

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
