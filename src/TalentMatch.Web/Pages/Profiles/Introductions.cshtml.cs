using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Coaching;
using TalentMatch.Web.Infrastructure.Errors;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Profiles;

/// <summary>The introductions a coach or employer proposed to the job seeker, each accepted or declined by them alone.</summary>
[Authorize(Roles = "job-seeker")]
public sealed class IntroductionsModel(ISender sender) : PageModel
{
    public IReadOnlyList<ListMyIntroductions.Item> Items { get; private set; } = [];

    public string? Answered { get; private set; }

    public FormErrors Errors { get; } = new();

    public static string KeepField(Guid entryId) => $"keep-{entryId}";

    public async Task OnGetAsync(string? answered, CancellationToken ct)
    {
        Answered = answered;
        Items = (await sender.Send(new ListMyIntroductions.Query(), ct)).Items;
    }

    public async Task<IActionResult> OnPostAsync(Guid entryId, bool? accept, DateOnly? keepUntil, CancellationToken ct)
    {
        try
        {
            // Only a press on accept or decline answers; a form sent without either must not count as declining.
            if (accept is not { } answer)
            {
                return Redirect("/profile/introductions");
            }

            await sender.Send(new AnswerIntroduction.Command(entryId, answer, keepUntil), ct);
            return Redirect($"/profile/introductions?answered={(answer ? "accepted" : "declined")}");
        }
        catch (ValidationException)
        {
            Errors.Add(KeepField(entryId), T("Kies een datum in de komende twee jaar, of laat het veld leeg.", "Pick a date in the next two years, or leave the field empty."));
        }
        catch (ConflictException)
        {
            Errors.Add(KeepField(entryId), T("Op deze introductie heb je al geantwoord.", "You have answered this introduction already."));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Items = (await sender.Send(new ListMyIntroductions.Query(), ct)).Items;
        return Page();
    }
}
