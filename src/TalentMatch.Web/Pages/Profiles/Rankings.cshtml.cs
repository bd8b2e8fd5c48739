using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Matching;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Profiles;

/// <summary>
/// Per vacancy the job seeker was shown for to a coach or an employer: when, their rank and score, and why, as the
/// ranking log recorded it (the EU AI Act's right to an explanation, in the seeker's own pages).
/// </summary>
[Authorize(Roles = "job-seeker")]
public sealed class RankingsModel(ISender sender) : PageModel
{
    public IReadOnlyList<ExplainMyRankings.Appearance> Vacancies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Vacancies = (await sender.Send(new ExplainMyRankings.Query(), ct)).Vacancies;

    public static string ShownTo(string role) => role switch
    {
        "coach" => T("een loopbaancoach", "a career coach"),
        "employer" => T("een werkgever", "an employer"),
        "coordinator" => T("een stagepactcoördinator", "an internship pact coordinator"),
        "admin" => T("een beheerder", "an administrator"),
        _ => role,
    };
}
