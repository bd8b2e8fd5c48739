using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;

namespace TalentMatch.Web.Features.Accounts;

/// <summary>An account as its owner and admins see it; never the password hash.</summary>
public sealed record AccountView(Guid Id, string Email, IReadOnlyList<string> Roles, Guid? EmployerId, string? DisplayName, DateTimeOffset CreatedAt);

/// <summary>The hasher's type parameter only tags the hash; ASP.NET Core Identity's format (PBKDF2, salted, versioned).</summary>
public sealed class Account;

static class AccountRules
{
    public const int MinimumPasswordLength = 10;

    public static readonly PasswordHasher<Account> Hasher = new();

    public static void Email<T>(IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(254).EmailAddress();

    public static void Password<T>(IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MinimumLength(MinimumPasswordLength).MaximumLength(200);

    public static void DisplayName<T>(IRuleBuilder<T, string?> rule) => rule.MaximumLength(100);

    sealed class Row
    {
        public Guid AccountId { get; init; }
        public string Email { get; init; } = "";
        public string[] Roles { get; init; } = [];
        public Guid? EmployerId { get; init; }
        public string? DisplayName { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    /// <summary>Inserts a new account; an e-mail address already in use (in any letter case) is a conflict.</summary>
    public static async Task<AccountView> InsertAsync(NpgsqlConnection connection, string email, string password, string[] roles, Guid? employerId, string? displayName, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            insert into account (account_id, email, password_hash, roles, employer_id, display_name)
            values (@id, @email, @hash, @roles, @employerId, @displayName)
            on conflict (lower(email)) do nothing
            returning account_id, email, roles, employer_id, display_name, created_at
            """, new { id = Guid.CreateVersion7(), email = email.Trim(), hash = Hasher.HashPassword(new Account(), password), roles, employerId, displayName }, cancellationToken: ct))
            ?? throw new ConflictException("email", "An account with this e-mail address already exists.");
        return View(row);
    }

    public static async Task<AccountView> ReadAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "select account_id, email, roles, employer_id, display_name, created_at from account where account_id = @id", new { id }, cancellationToken: ct))
            ?? throw new NotFoundException("Account", id);
        return View(row);
    }

    static AccountView View(Row row) =>
        new(row.AccountId, row.Email, row.Roles, row.EmployerId, row.DisplayName, new DateTimeOffset(row.CreatedAt, TimeSpan.Zero));
}
