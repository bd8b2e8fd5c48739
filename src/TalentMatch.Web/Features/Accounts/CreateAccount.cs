using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Employers;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Features.Accounts;

/// <summary>An admin creates an account for a coach, an employer (of one organisation), a coordinator, an organiser or another admin.</summary>
public static class CreateAccount
{
    [AllowedFor(Infrastructure.Security.Role.Admin)]
    public sealed record Command(string? Email, string? Password, string? Role, Guid? EmployerId, string? DisplayName) : ICommand<AccountView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(NpgsqlDataSource dataSource)
        {
            AccountRules.Email(RuleFor(c => c.Email));
            AccountRules.Password(RuleFor(c => c.Password));
            AccountRules.DisplayName(RuleFor(c => c.DisplayName));
            RuleFor(c => c.Role).NotEmpty().In(Roles.Names);
            RuleFor(c => c.EmployerId).NotNull().When(c => c.Role == Roles.Name(Infrastructure.Security.Role.Employer))
                .WithMessage("An employer account belongs to an organisation: give its employerId.");
            RuleFor(c => c.EmployerId).Null().When(c => c.Role != Roles.Name(Infrastructure.Security.Role.Employer))
                .WithMessage("Only employer accounts belong to an organisation.");
            RuleFor(c => c.EmployerId).MustAsync((id, ct) => GetEmployer.ExistsAsync(dataSource, id!.Value, ct))
                .When(c => c.EmployerId is not null).WithMessage("Unknown employer.");
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, AccountView>
    {
        public async ValueTask<AccountView> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await AccountRules.InsertAsync(connection, command.Email!, command.Password!, [command.Role!], command.EmployerId, command.DisplayName, cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/accounts", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var account = await sender.Send(command, ct);
                return TypedResults.Created($"/api/accounts/{account.Id}", account);
            })
            .WithName("CreateAccount")
            .WithSummary("Admin only: create a coach, employer, coordinator, organiser or admin account.");
}
