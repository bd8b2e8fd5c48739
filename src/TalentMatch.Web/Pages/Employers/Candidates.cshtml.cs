using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Internships;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Errors;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Employers;

/// <summary>Anonymised candidate cards for one of the organisation's vacancies: skills, levels, region and hours, never a name.</summary>
[Authorize(Roles = "employer")]
public sealed class CandidatesModel(ISender sender) : PageModel
{
    public const int Take = 20;

    public string Title { get; private set; } = "";

    public RankCandidates.Response Candidates { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            // Ranking first: it is what refuses a vacancy of another organisation, with the same answer as a missing one.
            Candidates = await sender.Send(new RankCandidates.Query(id, Take, Current), ct);
            Title = await TitleAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Page();
    }

    /// <summary>Vacancies and internship places share ids and ranking; only reading them back differs.</summary>
    async Task<string> TitleAsync(Guid id, CancellationToken ct)
    {
        try
        {
            return (await sender.Send(new GetVacancy.Query(id), ct)).Title;
        }
        catch (NotFoundException)
        {
            return (await sender.Send(new GetInternship.Query(id), ct)).Title;
        }
    }
}
