using System.Reflection;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

namespace TalentMatch.Database;

/// <summary>Runs the numbered, forward-only SQL scripts in <c>Migrations/</c>, each in its own transaction.</summary>
public static class Migrator
{
    static readonly Assembly Scripts = typeof(Migrator).Assembly;

    public static IReadOnlyList<string> Migrate(string connectionString, ILogger logger)
    {
        var result = Engine(connectionString, logger).PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }

        return result.Scripts.Select(s => s.Name).ToList();
    }

    public static bool IsUpToDate(string connectionString) =>
        !Engine(connectionString, null).IsUpgradeRequired();

    static UpgradeEngine Engine(string connectionString, ILogger? logger)
    {
        var builder = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(Scripts, name => name.EndsWith(".sql", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .WithExecutionTimeout(TimeSpan.FromMinutes(5));
        builder = logger is null ? builder.LogToNowhere() : builder.LogTo(new DbUpLog(logger));
        return builder.Build();
    }

    sealed class DbUpLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
