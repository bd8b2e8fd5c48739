using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Internships;

/// <summary>An employer offers internship places described by skills, for a programme, level and period.</summary>
public static class CreateInternship
{
    [AllowedFor(Role.Employer, Role.Coordinator, Role.Admin)]
    public sealed record Command : InternshipFields, ICommand<GetInternship.Response>;

    public sealed class Validator(NpgsqlDataSource dataSource, ICurrentUser user) : InternshipFieldsValidator<Command>(dataSource, user);

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, GetInternship.Response>
    {
        public async ValueTask<GetInternship.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var id = Guid.CreateVersion7();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await OpeningStore.WriteAsync(connection, transaction, id, "internship", command, contractType: null, isNew: true, cancellationToken);
                await InternshipStore.WriteAsync(connection, transaction, id, command, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            return await GetInternship.ReadAsync(connection, id, cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/internships", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var place = await sender.Send(command, ct);
                return TypedResults.Created($"/api/internships/{place.Id}", place);
            })
            .WithName("CreateInternship");
}
