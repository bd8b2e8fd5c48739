using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Features.Demo;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Demo;

/// <summary>Accounts with published passwords exist in the embedded demo mode and nowhere else.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class DemoAccountTests(DatabaseFixture fixture)
{
    [Fact]
    public async Task A_server_given_by_a_connection_string_never_gets_demo_accounts_even_with_demo_data()
    {
        await using var app = await fixture.CreateAppAsync("no_demo_accounts", new Dictionary<string, string> { ["TalentMatch:SeedDemoData"] = "true" });
        using var client = app.CreateClient();

        var signIn = await client.PostAsJsonAsync("/api/auth/login", new { email = SeedDemoAccounts.Accounts[0].Email, password = SeedDemoAccounts.Accounts[0].Password });

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        await using var connection = await app.DataSource.OpenConnectionAsync();
        Assert.True(await connection.ExecuteScalarAsync<long>("select count(*) from vacancy") > 0, "the demo data itself should have loaded");
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from account"));
    }

    [Fact]
    public async Task The_embedded_demo_mode_has_one_account_per_role_with_the_documented_passwords()
    {
        var folder = Directory.CreateTempSubdirectory("talentmatch-demo-").FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        try
        {
            await using (var app = new EmbeddedApp(Path.Combine(folder, "postgres")))
            {
                using var client = app.CreateClient();
                foreach (var account in SeedDemoAccounts.Accounts)
                {
                    var signIn = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });
                    Assert.True(signIn.StatusCode == HttpStatusCode.OK, $"{account.Email}: {(int)signIn.StatusCode}");
                    var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { { "Authorization", $"Bearer {token}" } } };
                    var me = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
                    Assert.Equal([Roles.Name(account.Role)], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
                    if (account.Role == Role.Employer)
                    {
                        Assert.Equal(JsonValueKind.String, me.GetProperty("employerId").ValueKind);
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The app as `dotnet run` starts it without a connection string: its own private cluster, in a temporary folder.</summary>
    sealed class EmbeddedApp(string dataFolder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:TalentMatch", "");
            builder.UseSetting("TalentMatch:DataFolder", dataFolder);
            builder.UseEnvironment("Testing");
        }
    }
}
