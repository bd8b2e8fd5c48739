using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Coaching;
using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Infrastructure.Errors;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Coaching;

/// <summary>
/// The shortlist board of one vacancy: the coach's own order (moved with buttons, no script), notes, introductions
/// and where each stands, outcomes with their reasons, and every status change with who made it.
/// </summary>
[Authorize(Roles = "coach")]
public sealed class ShortlistModel(ISender sender) : PageModel
{
    public Guid VacancyId { get; private set; }

    public string Title { get; private set; } = "";

    public IReadOnlyList<GetShortlist.Item> Items { get; private set; } = [];

    /// <summary>The person's name, for entries whose owner still lets coaches look; null when they withdrew it.</summary>
    public IReadOnlyDictionary<Guid, string?> Names { get; private set; } = new Dictionary<Guid, string?>();

    public string? Done { get; private set; }

    public FormErrors Errors { get; } = new();

    public static string MoveField(Guid entryId) => $"move-{entryId}";

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        Done = done;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, Guid entryId, string? direction, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var order = Items.Select(i => i.EntryId).ToList();
        var at = order.IndexOf(entryId);
        if (at < 0)
        {
            // Not on this board: the same answer whether the entry is on another vacancy's board or nowhere.
            return NotFound();
        }

        var to = direction == "up" ? at - 1 : at + 1;
        if (to >= 0 && to < order.Count)
        {
            (order[at], order[to]) = (order[to], order[at]);
            try
            {
                await sender.Send(new ReorderShortlist.Command(id, order), ct);
            }
            catch (Exception e) when (e is ValidationException or NotFoundException)
            {
                // Someone added or removed an entry between showing the board and the click: show the board as it is now.
                Errors.Add(MoveField(entryId), T("De shortlist is intussen veranderd; probeer het opnieuw.", "The shortlist changed meanwhile; try again."));
                return await LoadAsync(id, ct) ? Page() : NotFound();
            }
        }

        return Redirect($"/coach/vacancies/{id}/shortlist?done=moved#entry-{entryId}");
    }

    public async Task<IActionResult> OnPostProposeAsync(Guid id, Guid entryId, CancellationToken ct)
    {
        try
        {
            await OutcomeForm.EnsureOnShortlistAsync(sender, id, entryId, ct);
            await sender.Send(new ProposeIntroduction.Command(entryId), ct);
            return Redirect($"/coach/vacancies/{id}/shortlist?done=proposed#entry-{entryId}");
        }
        catch (ConflictException)
        {
            Errors.Add(MoveField(entryId), T("Dat kan niet meer: de stand is intussen veranderd.", "That is no longer possible: the status has changed meanwhile."));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostOutcomeAsync(Guid id, Guid entryId, string? outcome, string? reason, CancellationToken ct)
    {
        try
        {
            if (await OutcomeForm.RecordAsync(sender, id, entryId, outcome, reason, Errors, ct))
            {
                return Redirect($"/coach/vacancies/{id}/shortlist?done=outcome#entry-{entryId}");
            }
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            VacancyId = id;
            Items = (await sender.Send(new GetShortlist.Query(id), ct)).Items;
            Title = await OpeningTitles.ReadAsync(sender, id, ct);
        }
        catch (NotFoundException)
        {
            return false;
        }

        var names = new Dictionary<Guid, string?>();
        foreach (var item in Items)
        {
            try
            {
                names[item.ProfileId] = (await sender.Send(new GetProfile.Query(item.ProfileId), ct)).DisplayName ?? T("Naam niet ingevuld", "No name given");
            }
            catch (NotFoundException)
            {
                // The person no longer lets coaches look: the entry stays, the profile does not show.
                names[item.ProfileId] = null;
            }
        }

        Names = names;
        return true;
    }
}
