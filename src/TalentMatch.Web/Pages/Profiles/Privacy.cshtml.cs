using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Profiles;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Profiles;

/// <summary>Who may see the profile, changed (or withdrawn) in one step; every change is logged with who made it.</summary>
[Authorize(Roles = "job-seeker")]
public sealed class PrivacyModel(ISender sender) : PageModel
{
    [BindProperty]
    public string? Visibility { get; set; }

    public IReadOnlyList<ChangeVisibility.Change> History { get; private set; } = [];

    public bool Saved { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await MyProfileAsync(ct) is not { } id)
        {
            return Redirect("/profile");
        }

        Visibility = (await sender.Send(new GetProfile.Query(id), ct)).Visibility;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await MyProfileAsync(ct) is not { } id)
        {
            return Redirect("/profile");
        }

        try
        {
            var changed = await sender.Send(new ChangeVisibility.Command(id, Visibility), ct);
            Visibility = changed.Visibility;
            History = changed.History;
            Saved = true;
        }
        catch (ValidationException)
        {
            Errors.Add(nameof(Visibility), T("Kies wie je profiel mag zien.", "Choose who may see your profile."));
        }

        return Page();
    }

    async Task<Guid?> MyProfileAsync(CancellationToken ct) => (await sender.Send(new FindMyProfile.Query(), ct)).ProfileId;
}
