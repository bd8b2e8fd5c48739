using TalentMatch.Web.Features.Matching;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Coaching;

/// <summary>The shortlist's statuses, who moved them, and the ranking's reasons in words a coach, employer or candidate reads.</summary>
public static class CoachWords
{
    public static string Status(string status) => status switch
    {
        "shortlisted" => T("Op de shortlist", "Shortlisted"),
        "proposed" => T("Introductie voorgesteld, wacht op de kandidaat", "Introduction proposed, waiting for the candidate"),
        "accepted" => T("Introductie geaccepteerd", "Introduction accepted"),
        "declined" => T("Introductie afgewezen door de kandidaat", "Introduction declined by the candidate"),
        "interview" => T("Sollicitatiegesprek", "Interview"),
        "hired" => T("Aangenomen", "Hired"),
        "rejected" => T("Niet aangenomen", "Not hired"),
        _ => status,
    };

    /// <summary>A status as one step in the history, where "waiting" would be out of date.</summary>
    public static string Step(string status) => status == "proposed" ? T("Introductie voorgesteld", "Introduction proposed") : Status(status);

    public static string Outcome(string outcome) => outcome switch
    {
        "interview" => T("Sollicitatiegesprek", "Interview"),
        "hired" => T("Aangenomen", "Hired"),
        "rejected" => T("Niet aangenomen (met reden)", "Not hired (with a reason)"),
        _ => outcome,
    };

    public static string ChangedBy(string role) => role switch
    {
        "coach" => T("de coach", "the coach"),
        "employer" => T("de werkgever", "the employer"),
        "job-seeker" => T("de kandidaat", "the candidate"),
        _ => role,
    };

    static readonly Dictionary<string, (string Nl, string En)> Features = new()
    {
        ["essential_coverage"] = ("heeft de kernvaardigheden", "has the essential skills"),
        ["essential_coverage_at_level"] = ("kernvaardigheden op het gevraagde niveau", "essential skills at the level asked"),
        ["optional_coverage"] = ("heeft extra vaardigheden", "has optional skills"),
        ["rarity_weighted_coverage"] = ("heeft zeldzame gevraagde vaardigheden", "has rare skills that are asked for"),
        ["mean_level_gap"] = ("verschil met het gevraagde niveau", "gap to the level asked"),
        ["related_coverage"] = ("verwante vaardigheden voor wat ontbreekt", "related skills for what is missing"),
        ["occupation_overlap"] = ("past bij het beroep", "fits the occupation"),
        ["education_gap"] = ("opleidingsniveau", "education level"),
        ["hours_fit"] = ("uren per week", "hours a week"),
        ["region_fit"] = ("regio", "region"),
        ["availability_fit"] = ("beschikbaarheid", "availability"),
        ["missing_essential_count"] = ("aantal ontbrekende kernvaardigheden", "number of missing essential skills"),

        // No longer features, but rankings logged before they were taken out still name them.
        ["jaccard"] = ("overlap van de vaardigheden", "overlap of the skills"),
        ["wanted_occupation"] = ("zoekt dit beroep", "looks for this occupation"),
    };

    /// <summary>The reasons that moved the score most, largest first, each saying whether it helped or held the person back.</summary>
    public static IEnumerable<string> MainReasons(ExplanationView explanation, int take = 3) =>
        explanation.Reasons.Where(r => r.Contribution != 0).OrderByDescending(r => Math.Abs(r.Contribution)).Take(take).Select(r =>
        {
            var name = Features.TryGetValue(r.Feature, out var words) ? T(words.Nl, words.En) : r.Feature;
            return r.Contribution > 0 ? T($"{name} (telt mee)", $"{name} (helps)") : T($"{name} (telt tegen)", $"{name} (holds back)");
        });
}
