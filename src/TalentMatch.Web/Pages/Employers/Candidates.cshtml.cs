using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Coaching;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Pages.Coaching;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Employers;

/// <summary>
/// Anonymised candidate cards for one of the organisation's vacancies: skills, levels, region and hours, never a
/// name. The employer asks for an introduction per card and sees name and e-mail only after the person accepted.
/// </summary>
[Authorize(Roles = "employer")]
public sealed class CandidatesModel(ISender sender) : PageModel
{
    public const int Take = 20;

    public Guid VacancyId { get; private set; }

    public string Title { get; private set; } = "";

    public RankCandidates.Response Candidates { get; private set; } = null!;

    /// <summary>The introductions for this vacancy, by person: proposed, accepted (with contact) and what came of them.</summary>
    public IReadOnlyDictionary<Guid, GetShortlist.Item> Introductions { get; private set; } = new Dictionary<Guid, GetShortlist.Item>();

    public bool Asked { get; private set; }

    public FormErrors Errors { get; } = new();

    public bool Recorded { get; private set; }

    public string Unnamed => T("deze kandidaat", "this candidate");

    public async Task<IActionResult> OnGetAsync(Guid id, bool asked, bool recorded, CancellationToken ct)
    {
        Asked = asked;
        Recorded = recorded;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid profileId, CancellationToken ct)
    {
        try
        {
            await sender.Send(new RequestIntroduction.Command(id, profileId), ct);
            return Redirect($"/employer/vacancies/{id}/candidates?asked=true");
        }
        catch (FluentValidation.ValidationException)
        {
            Errors.Add("introduction", T("Kies de kandidaat voor wie je een introductie vraagt.", "Choose the candidate you ask an introduction for."));
        }
        catch (ConflictException)
        {
            Errors.Add("introduction", T("Voor deze kandidaat is al een introductie gevraagd.", "An introduction to this candidate has been asked for already."));
        }
        catch (NotFoundException)
        {
            // Someone else's vacancy answers 404 below; a person who no longer lets employers look only gets a message.
            Errors.Add("introduction", T("Deze kandidaat laat werkgevers niet meer meekijken.", "This candidate no longer lets employers look."));
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostOutcomeAsync(Guid id, Guid entryId, string? outcome, string? reason, CancellationToken ct)
    {
        try
        {
            if (await OutcomeForm.RecordAsync(sender, id, entryId, outcome, reason, Errors, ct))
            {
                return Redirect($"/employer/vacancies/{id}/candidates?recorded=true");
            }
        }
        catch (NotFoundException)
        {
            // An entry of another organisation's vacancy answers as if it did not exist.
            return NotFound();
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            VacancyId = id;
            // Ranking first: it is what refuses a vacancy of another organisation, with the same answer as a missing one.
            try
            {
                Candidates = await sender.Send(new RankCandidates.Query(id, Take, Current), ct);
            }
            catch (DailyCapReachedException cap)
            {
                // The vacancy is the employer's (that is checked first); only today's cards are used up. Say so, with the same 429 the API gives.
                Candidates = new RankCandidates.Response(id, "", [], new CardAllowance.View(0, 0, Reached: true));
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = RateLimits.Seconds(cap.RetryAfter);
            }

            Title = await OpeningTitles.ReadAsync(sender, id, ct);
            Introductions = (await sender.Send(new GetShortlist.Query(id), ct)).Items.ToDictionary(i => i.ProfileId);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
