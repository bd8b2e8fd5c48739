using System.Globalization;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Features;

namespace TalentMatch.Web.Features.Matching;

/// <summary>Writes <c>models/README.md</c> from the run that made the model, so the card never disagrees with it.</summary>
static class ModelCard
{
    static string OutcomesUsed(TrainingReport report) => report.Outcomes is not { } o
        ? "Recorded coach outcomes join these labels when asked (see below); this model was trained without them."
        : string.Create(CultureInfo.InvariantCulture, $"""
            This model was also trained on {o.TrainRows:N0} recorded coach outcomes in {o.TrainGroups} vacancies (see below);
            {o.HeldOutRows:N0} outcomes in {o.HeldOutGroups} vacancies were held out.
            {(o.HeldOut.Count == 0 ? "" : "\nScores on the held-out outcome vacancies (95% bootstrap intervals):\n\n" + RankerTraining.Table(o.HeldOut))}
            """);

    static string RegionParagraph(TrainingReport report) => report.Region is not { } r ? "Not measured in this run." : string.Create(CultureInfo.InvariantCulture, $"""
            `region_fit` compares the two-digit postcode region of where the person says they live with the opening's:
            work has to be travelled to, and the region is the person's own statement, the coarsest one that still says
            something about travel (1 same region, 0.5 same part of the country or unknown, else 0). In the Netherlands the
            postcode region correlates with migration background, so it could stand in for it. Measured on the held-out test
            occupations (computed by `train`, not written by hand):
            - NDCG@10 per part of the country the person lives in (first postcode digit):

            | region | queries | NDCG@10 (95% interval) |
            |---|---|---|
            {string.Join("\n", r.Groups.Select(g => $"| {g.Region} | {g.Queries} | {g.Ndcg10} |"))}

            - Setting every pair's `region_fit` to 0.5 (as if no postcode were known) changes a score by {r.MeanShift:0.0000} on average,
              {r.P95Shift:0.0000} at the 95th percentile and {r.MaxShift:0.0000} at most, against a median spread of {r.MedianSpread:0.0000}
              between the highest and lowest score within one query; NDCG@10 goes from {r.Ndcg10} to {r.NeutralNdcg10}.
            The region weighs a lot because the labels lower a grade when the opening is in another part of the country;
            it moves a person only relative to openings elsewhere, the same for everyone who lives in one region, and a
            person who leaves out their postcode gets the neutral 0.5 everywhere. {(r.Groups.Max(g => g.Ndcg10.Lower) <= r.Groups.Min(g => g.Ndcg10.Upper)
                ? "The intervals of all regions overlap." : "Not all regions' intervals overlap: look into it before serving this model.")} The generated people live in regions drawn at random, so this shows the model treats
            regions alike; it cannot show what real pilots' outcomes would do. Check per-region quality again when
            recorded outcomes are trained on.
            """);

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
        {OutcomesUsed(report)}

        ## Coach outcomes as labels
        Coaches and employers record what came of each shortlisted person (see the coach workflow). `train --with-outcomes`
        turns each recorded (vacancy, person, outcome) into a labelled row on the same 0–4 scale as the generated labels:
        hired 4, interview 3, introduction proposed or accepted 2, shortlisted 1, rejected 0 (at whatever stage: the
        employer's judgement is the strongest signal there is). A declined introduction gives no label: the person said no,
        which says nothing about the fit. People who no longer allow coaches to see them are left out, as are vacancies
        whose rows all have one grade (nothing to learn from an order without differences).
        - Features are computed by the serving code from the person's current profile and the vacancy as it is now, not
          from the ranking log, which keeps only the top three reasons of what was shown and knows nothing of people a
          coach shortlisted by hand.
        - Each vacancy with outcomes is a query of its own next to the generated queries, each row weighing as much as a
          generated row. Settings are still chosen on the generated validation occupations.
        - With {OutcomeGrades.MinimumGroupsForHeldOut} or more outcome vacancies, one in five (by a hash of the vacancy id) is held out and scored
          as well; the generated test occupations are always scored and never trained on.
        - `match-ranker.metrics.json` then records the outcome rows and vacancies used and the held-out scores.

        Retrain with them: `dotnet run -c Release --project src/TalentMatch.Web -- train --with-outcomes` (reads the database
        of `ConnectionStrings:TalentMatch`, or the app's private cluster when none is set). It writes to
        `.talentmatch/models-with-outcomes/` unless `--output models` asks to replace the served model, so the committed
        model stays reproducible from a clean clone. `--queries N` sets the number of generated training queries.

        Limits: a pilot records few outcomes at first, so they weigh little against {report.TrainRows - (report.Outcomes?.TrainRows ?? 0):N0} generated rows and
        held-out scores over a handful of vacancies have wide intervals. Coaches see only the people the ranker showed them
        (selection bias): outcome labels say nothing about people ranked too low to be seen, so a model trained on them can
        keep its own blind spots. A rejection's reason is not read; "vacancy already filled" counts as a rejection too.

        ## Features
        {string.Join("\n", MatchFeatures.Names.Select(n => $"- `{n}`"))}

        ## Excluded on purpose
        No protected attribute and no proxy for one: no age, date of birth, gender, nationality, ethnicity, religion,
        photo, name or contact details. Profiles do not store these at all.
        - Not the number of skills a person lists: it tracks years of experience and so age. That is also why the
          Jaccard overlap of the two skill sets (`jaccard`) was taken out of the features: it divides by the union of
          both sets, so it falls with every extra skill a person lists, even one the opening does not ask for. It is
          still computed as a baseline in the table below, never as a feature.
        - Not the occupations a person says they want (`wanted_occupation`, taken out): a ranking may move only when a
          skill, level, education, hours, region or availability changes, and a wish is none of these. Wanted
          occupations stay on the profile, for the person's own use.
        A test changes each other profile field (name, e-mail, evidence, wanted sectors and occupations, the order of the
        skills) one at a time and checks that the person's openings (ranks and scores) and their place among each
        vacancy's candidates (score, and how many score higher) stay exactly the same, and that a level below the one
        asked does move them.

        ## Region
        {RegionParagraph(report)}

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
