using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Accounts;

/// <summary>Anyone signs up as a job seeker; every other role is given by an admin.</summary>
public static class RegisterJobSeeker
{
    [Anonymous]
    public sealed record Command(string? Email, string? Password, string? DisplayName) : ICommand<AccountView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            AccountRules.Email(RuleFor(c => c.Email));
            AccountRules.Password(RuleFor(c => c.Password));
            AccountRules.DisplayName(RuleFor(c => c.DisplayName));
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : ICommandHandler<Command, AccountView>
    {
        public async ValueTask<AccountView> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await AccountRules.InsertAsync(connection, command.Email!, command.Password!, [Roles.Name(Role.JobSeeker)], null, command.DisplayName, cancellationToken);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/auth/register", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var account = await sender.Send(command, ct);
                return TypedResults.Created("/api/me", account);
            })
            .WithName("RegisterJobSeeker")
            .WithSummary("Sign up as a job seeker; then sign in with POST /api/auth/login.");
}
