using Mediator;
using TalentMatch.Database;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Web.Infrastructure.Startup;

/// <summary>
/// Command-line verbs run by the same program as the web app, against the same database:
/// <c>migrate</c>, <c>import-esco &lt;folder&gt; [--dutch &lt;folder&gt;]</c> and <c>evaluate-letor &lt;folder&gt;</c>, <c>train [--esco &lt;folder&gt;] [--output &lt;folder&gt;]</c> and
/// <c>evaluate-skills [--data &lt;folder&gt;] [--split test|validation]</c>.
/// </summary>
public sealed class Commands
{
    readonly string _verb;
    readonly string[] _arguments;

    Commands(string verb, string[] arguments)
    {
        _verb = verb;
        _arguments = arguments;
    }

    static readonly string[] Verbs = ["migrate", "import-esco", "evaluate-letor", "train", "evaluate-skills", "retention"];

    /// <summary>Splits the verb and its arguments off; whatever follows <c>--</c> goes to the host (e.g. --ConnectionStrings:TalentMatch=...).</summary>
    public static Commands? TryParse(string[] args, out string[] hostArguments)
    {
        hostArguments = args;
        if (args.Length == 0 || !Verbs.Contains(args[0]))
        {
            return null;
        }

        var split = Array.IndexOf(args, "--");
        var own = split < 0 ? args[1..] : args[1..split];
        hostArguments = split < 0 ? [] : args[(split + 1)..];
        return new Commands(args[0], own);
    }

    /// <summary>Verbs that work on files only start no database.</summary>
    public bool NeedsDatabase => _verb is not ("evaluate-letor" or "train" or "evaluate-skills");

    public async Task<int> RunWithoutDatabaseAsync()
    {
        if (_verb == "train")
        {
            return await TalentMatch.Web.Features.Matching.TrainRanker.RunAsync(_arguments);
        }

        if (_verb == "evaluate-skills")
        {
            return await TalentMatch.Web.Features.Skills.EvaluateSkills.RunAsync(_arguments);
        }

        // Checks the ranker's training code on the public LETOR 4.0 MQ2008 benchmark.
        var folder = _arguments.FirstOrDefault() ?? Path.Combine("..", "shared", "data", "ltr", "letor4-mq2008");
        if (!Directory.Exists(folder))
        {
            await Console.Error.WriteLineAsync($"usage: evaluate-letor <MQ2008 folder>   ({folder} does not exist)");
            return 2;
        }

        var result = await TalentMatch.Matching.Ranking.LetorCheck.RunAsync(folder, Console.Out);
        return result.Folds.Count > 0 ? 0 : 1;
    }

    public async Task<int> RunAsync(IServiceProvider services, ILogger logger)
    {
        var database = services.GetRequiredService<DatabaseConnection>();
        Migrator.Migrate(database.ConnectionString, logger);
        var sender = services.GetRequiredService<ISender>();
        switch (_verb)
        {
            case "migrate":
                logger.LogInformation("The database schema is up to date");
                return 0;
            case "retention":
                var retained = await sender.Send(new TalentMatch.Web.Features.Coaching.ApplyRetention.Command());
                logger.LogInformation("Retention removed {Count} shortlist entries", retained.RemovedEntries);
                return 0;
            case "import-esco":
                if (_arguments.Length == 0)
                {
                    await Console.Error.WriteLineAsync("usage: import-esco <folder> [--dutch <folder>]   e.g. import-esco ../shared/data/esco");
                    return 2;
                }

                var dutch = Option("--dutch");
                try
                {
                    var changes = await sender.Send(new ImportEsco.Command(_arguments[0], dutch));
                    Console.WriteLine(changes);
                    Console.WriteLine(EscoAttribution.Text);
                    return 0;
                }
                catch (FluentValidation.ValidationException e)
                {
                    await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, e.Errors.Select(x => $"{x.PropertyName}: {x.ErrorMessage}")));
                    return 2;
                }

            default:
                return 2;
        }
    }

    string? Option(string name)
    {
        var index = Array.IndexOf(_arguments, name);
        return index >= 0 && index + 1 < _arguments.Length ? _arguments[index + 1] : null;
    }
}
