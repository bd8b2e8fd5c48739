using Mediator;
using TalentMatch.Database;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.Web.Infrastructure.Startup;

/// <summary>
/// Command-line verbs run by the same program as the web app, against the same database:
/// <c>migrate</c>, <c>import-esco &lt;folder&gt; [--dutch &lt;folder&gt;]</c> and <c>evaluate-letor &lt;folder&gt;</c>, <c>train [--esco &lt;folder&gt;] [--output &lt;folder&gt;] [--queries &lt;n&gt;] [--with-outcomes]</c> and
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

    /// <summary>
    /// Verbs that work on files only start no database; <c>train</c> needs it only for outcomes, and a train
    /// command line with a mistake in it starts nothing either, so the mistake is reported before any work.
    /// </summary>
    public bool NeedsDatabase => _verb switch
    {
        "evaluate-letor" or "evaluate-skills" => false,
        "train" => TalentMatch.Web.Features.Matching.TrainRanker.Options.Parse(_arguments).Options is { WithOutcomes: true },
        _ => true,
    };

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
            case "train":
                return await TrainWithOutcomesAsync(sender, logger);
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

    async Task<int> TrainWithOutcomesAsync(ISender sender, ILogger logger)
    {
        var options = TalentMatch.Web.Features.Matching.TrainRanker.Options.Parse(_arguments).Options!;
        var outcomes = await sender.Send(new TalentMatch.Web.Features.Matching.ReadOutcomeLabels.Query());
        if (outcomes.Groups.Count == 0)
        {
            await Console.Error.WriteLineAsync(
                $"No usable coach outcomes are recorded ({outcomes.EntriesRead} shortlist entries read): training with outcomes needs at least one vacancy " +
                "with two people of different outcomes (hired, interview, introduced, shortlisted, rejected). Nothing was written.");
            return 1;
        }

        logger.LogInformation("Read {Rows} outcome rows in {Groups} vacancies ({LeftOut} shortlist entries left out)", outcomes.RowCount, outcomes.Groups.Count, outcomes.LeftOut);
        return await TalentMatch.Web.Features.Matching.TrainRanker.RunAsync(options, outcomes);
    }

    string? Option(string name)
    {
        var index = Array.IndexOf(_arguments, name);
        return index >= 0 && index + 1 < _arguments.Length ? _arguments[index + 1] : null;
    }
}
