using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Accounts;

/// <summary>
/// Checks an e-mail address and password. Repeated failures lock the account for a while, which makes
/// guessing passwords slow. The endpoint turns the answer into a bearer token, or a cookie for the website.
/// </summary>
public static class SignIn
{
    [Anonymous]
    public sealed record Command(string? Email, string? Password) : ICommand<Response>;

    public sealed record Response(Guid AccountId, string Email, IReadOnlyList<string> Roles, Guid? EmployerId, string? DisplayName);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(200);
        }
    }

    sealed class Row
    {
        public Guid AccountId { get; init; }
        public string Email { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string[] Roles { get; init; } = [];
        public Guid? EmployerId { get; init; }
        public string? DisplayName { get; init; }
        public int FailedSignIns { get; init; }
        public bool Locked { get; init; }
    }

    /// <summary>Hashing a password nobody has keeps an unknown address as slow to refuse as a wrong password.</summary>
    static readonly string UnknownAccountHash = AccountRules.Hasher.HashPassword(new Account(), Guid.NewGuid().ToString());

    public sealed class Handler(NpgsqlDataSource dataSource, IOptions<SignInSettings> settings) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
                select account_id, email, password_hash, roles, employer_id, display_name, failed_sign_ins, coalesce(locked_until > now(), false) as locked
                from account where lower(email) = lower(@email) for update
                """, new { email = command.Email!.Trim() }, transaction, cancellationToken: cancellationToken));
            if (row is null)
            {
                AccountRules.Hasher.VerifyHashedPassword(new Account(), UnknownAccountHash, command.Password!);
                throw new SignInFailedException(SignInFailedException.Wrong);
            }

            if (row.Locked)
            {
                throw new SignInFailedException(SignInFailedException.LockedOut);
            }

            var result = AccountRules.Hasher.VerifyHashedPassword(new Account(), row.PasswordHash, command.Password!);
            if (result == PasswordVerificationResult.Failed)
            {
                var lockNow = row.FailedSignIns + 1 >= settings.Value.MaxFailedSignIns;
                await connection.ExecuteAsync(new CommandDefinition("""
                    update account set failed_sign_ins = case when @lockNow then 0 else failed_sign_ins + 1 end,
                        locked_until = case when @lockNow then now() + make_interval(mins => @minutes) else locked_until end
                    where account_id = @id
                    """, new { id = row.AccountId, lockNow, minutes = settings.Value.LockoutMinutes }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                throw new SignInFailedException(lockNow ? SignInFailedException.LockedOut : SignInFailedException.Wrong);
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                update account set failed_sign_ins = 0, locked_until = null, last_signed_in_at = now(),
                    password_hash = coalesce(@rehash, password_hash)
                where account_id = @id
                """, new
            {
                id = row.AccountId,
                rehash = result == PasswordVerificationResult.SuccessRehashNeeded ? AccountRules.Hasher.HashPassword(new Account(), command.Password!) : null,
            }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return new Response(row.AccountId, row.Email, row.Roles, row.EmployerId, row.DisplayName);
        }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", async (Command command, bool? useCookies, ISender sender, CancellationToken ct) =>
            {
                var account = await sender.Send(command, ct);
                // Results.SignIn with the bearer scheme writes { tokenType, accessToken, expiresIn, refreshToken }.
                return useCookies == true
                    ? Results.SignIn(AccountPrincipal.Create(account, CookieAuthenticationDefaults.AuthenticationScheme), authenticationScheme: CookieAuthenticationDefaults.AuthenticationScheme)
                    : Results.SignIn(AccountPrincipal.Create(account, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
            })
            .WithName("SignIn")
            .WithSummary("Sign in: returns a bearer token, or sets the website's cookie with ?useCookies=true.");
        api.MapPost("/auth/logout", async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return TypedResults.NoContent();
            })
            .WithName("SignOut")
            .WithSummary("Signs out of the website's cookie (a bearer token simply expires).");
    }
}

/// <summary>How many wrong passwords in a row lock an account, and for how long (<c>TalentMatch:SignIn</c>).</summary>
public sealed class SignInSettings
{
    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;
}

/// <summary>Wrong e-mail or password, or locked out; the two wrong cases read the same so addresses cannot be probed.</summary>
public sealed class SignInFailedException(string message) : Exception(message)
{
    public const string Wrong = "The e-mail address or password is not right.";
    public const string LockedOut = "Too many failed sign-ins: this account is locked for a while. Try again later.";
}
