using TalentMatch.Web.Features.Demo;

namespace TalentMatch.Tests.Demo;

public sealed class DemoAccountListTests
{
    [Fact]
    public void The_seed_data_README_lists_every_demo_account_with_its_password()
    {
        var readme = File.ReadAllText(Path.Combine(SeedDemoData.DefaultFolder(), "README.md"));

        Assert.All(SeedDemoAccounts.Accounts, a => Assert.Contains($"`{a.Email}` | `{a.Password}`", readme, StringComparison.Ordinal));
        Assert.Equal(TalentMatch.Web.Infrastructure.Security.Roles.All.Length, SeedDemoAccounts.Accounts.Select(a => a.Role).Distinct().Count());
    }
}
