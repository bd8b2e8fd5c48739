using FluentValidation;
using Mediator;
using Npgsql;
using Dapper;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Employers;

/// <summary>Registers an organisation that posts vacancies or internship places.</summary>
public static class CreateEmployer
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Command(string? Name, string? Sector, string? Postcode, string? City) : ICommand<GetEmployer.Response>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Sector).In(Vocabulary.Sectors);
            RuleFor(c => c.Postcode).Postcode();
            RuleFor(c => c.City).MaximumLength(100);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, GetEmployer.Response>
    {
        public async ValueTask<GetEmployer.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await connection.QuerySingleAsync<GetEmployer.Response>(new CommandDefinition("""
                insert into employer (employer_id, name, sector, postcode, city) values (@id, @Name, @Sector, @Postcode, @City)
                returning employer_id as id, name, sector, postcode, city
                """, new { id = Guid.CreateVersion7(), command.Name, command.Sector, command.Postcode, command.City }, cancellationToken: cancellationToken));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/employers", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var employer = await sender.Send(command, ct);
                return TypedResults.Created($"/api/employers/{employer.Id}", employer);
            })
            .WithName("CreateEmployer");
}
