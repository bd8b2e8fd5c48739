using System.Globalization;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Features;

namespace TalentMatch.Web.Features.Matching;

/// <summary>Writes <c>models/README.md</c> from the run that made the model, so the card never disagrees with it.</summary>
static class ModelCard
{
    public static string Write(TrainingReport report, TrainingPlan plan) => string.Create(CultureInfo.InvariantCulture, $"""
        # Model card: match-ranker

        `match-ranker.zip` ranks vacancies and internship places for a person, and people for a vacancy, in TalentMatch.
        Version `{report.Model.Version}` (first 12 hex characters of the zip's SHA-256; logged with every ranking shown).

        ## Model
        ML.NET FastTree LambdaMART, {report.Chosen}, chosen by validation NDCG@10 among {plan.Grid.Count} settings.
        Served by our own tree-ensemble scorer, which gives ML.NET's scores exactly (tested) and explains each score as
        per-feature contributions (path attribution).

        ## Data and labels
        Labels are generated from {report.Source}, because a pilot starts without recorded outcomes:
        - a person's real skills are their occupation's essential skills, half its optional skills and often part of an
          earlier occupation's; their profile lists 70% of them, a fifth under a neighbouring skill (broader, narrower or related);
        - a vacancy asks for 60–100% of an occupation's essential skills (3–12) and up to five optional ones;
        - the grade (0–4) is how well the person's real skills cover the vacancy's essential skills, one step lower for a
          clear practical mismatch (education two steps short, under half the hours, another part of the country).
        Each query ranks {SyntheticMatches.OpeningsPerQuery} openings: some of the person's own occupation, many of neighbouring
        occupations, the rest random. Occupations are split 70/10/20 into train/validation/test by a hash of their id:
        test occupations never appear in training. {report.TrainRows:N0} training rows; data hash `{report.DataHash}`; seed {plan.Seed}.
        Recorded coach outcomes (introduced, interviewed, hired, rejected) will join these labels once the pilot records them.

        ## Features
        {string.Join("\n", MatchFeatures.Names.Select(n => $"- `{n}`"))}

        ## Excluded on purpose
        No protected attribute and no proxy for one: no age, date of birth, gender, nationality, ethnicity, religion,
        photo, name or contact details, and not the number of skills a person lists (it tracks years of experience and
        so age). Profiles do not store these at all.

        ## Scores on the held-out test occupations ({report.TestQueries} queries, 95% bootstrap intervals)
        {RankerTraining.Table(report)}
        ## Limits
        - The labels are synthetic: they encode the assumption that covering a vacancy's essential skills with real
          skills makes a good match. Real outcomes may weigh things differently; retrain with them when recorded.
        - ESCO describes occupations at European level; Dutch labour-market specifics (certificates such as VCA) appear
          only where ESCO or our seed taxonomy has them.
        - Explanations show which features moved a score, not a causal account.

        ## How to retrain
        `dotnet run -c Release --project src/TalentMatch.Web -- train` (reads `../shared/data/esco`; falls back to the seed
        taxonomy). It rewrites this card, `match-ranker.zip` and `match-ranker.metrics.json`; the same seed gives the same model.
        A running app picks up the new zip without a restart.
        """);
}
