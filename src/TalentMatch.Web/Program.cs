using TalentMatch.Database;
using TalentMatch.Web;
using TalentMatch.Web.Infrastructure.Startup;

var command = Commands.TryParse(args, out var hostArguments);
var builder = WebApplication.CreateBuilder(hostArguments);

// `dotnet run` from the repository root makes that the content root, where appsettings.json is not; the copy
// next to the binary is read first, so everything configured the usual ways still overrides it.
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
{
    Path = "appsettings.json",
    Optional = true,
    FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
});

if (command is { NeedsDatabase: false })
{
    return await command.RunWithoutDatabaseAsync();
}

using var bootLoggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
var bootLogger = bootLoggers.CreateLogger("TalentMatch");

DatabaseConnection database;
try
{
    database = await DatabaseConnection.OpenAsync(builder.Configuration, bootLogger);
}
catch (PostgresNotInstalledException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

builder.Services.AddTalentMatch(builder.Configuration, database);
var app = builder.Build();

if (command is not null)
{
    await using (database)
    {
        return await command.RunAsync(app.Services, bootLogger);
    }
}

app.UseTalentMatch();
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
