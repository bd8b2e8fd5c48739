using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Coaching;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Errors;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Coaching;

/// <summary>
/// The ranked talent pool for one vacancy or internship place: only people who allow coaches, each with why they
/// rank where they do, and a form to shortlist them with a note.
/// </summary>
[Authorize(Roles = "coach")]
public sealed class TalentPoolModel(ISender sender) : PageModel
{
    public const int Take = 20;

    public Guid VacancyId { get; private set; }

    public string Title { get; private set; } = "";

    public RankCandidates.Response Candidates { get; private set; } = null!;

    /// <summary>Who is on the shortlist already, so they are not offered twice.</summary>
    public IReadOnlySet<Guid> Shortlisted { get; private set; } = new HashSet<Guid>();

    /// <summary>The candidate just shortlisted, for the confirmation.</summary>
    public int? AddedRank { get; private set; }

    public FormErrors Errors { get; } = new();

    public static string NoteField(Guid profileId) => $"note-{profileId}";

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? added, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        AddedRank = added is { } profile ? Candidates.Items.FirstOrDefault(c => c.ProfileId == profile)?.Rank : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid profileId, string? note, CancellationToken ct)
    {
        var field = NoteField(profileId);
        try
        {
            await sender.Send(new AddToShortlist.Command(id, profileId, string.IsNullOrWhiteSpace(note) ? null : note.Trim()), ct);
            return Redirect($"/coach/vacancies/{id}/talent-pool?added={profileId}#candidate-{profileId}");
        }
        catch (ValidationException e)
        {
            Errors.Add(field, e.Errors.Any(f => f.PropertyName == nameof(AddToShortlist.Command.Note))
                ? T("Een notitie is hoogstens 2000 tekens lang.", "A note is at most 2000 characters long.")
                : T("Kies de kandidaat die je op de shortlist zet.", "Choose the candidate to shortlist."));
        }
        catch (ConflictException)
        {
            Errors.Add(field, T("Deze kandidaat staat al op de shortlist.", "This candidate is on the shortlist already."));
        }
        catch (NotFoundException)
        {
            // The vacancy is gone (the page answers 404 below) or the person no longer allows coaches.
            Errors.Add(field, T("Deze kandidaat laat coaches niet meer meekijken.", "This candidate no longer lets coaches look."));
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            VacancyId = id;
            Candidates = await sender.Send(new RankCandidates.Query(id, Take, Current), ct);
            Title = await OpeningTitles.ReadAsync(sender, id, ct);
            Shortlisted = (await sender.Send(new GetShortlist.Query(id), ct)).Items.Select(i => i.ProfileId).ToHashSet();
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
