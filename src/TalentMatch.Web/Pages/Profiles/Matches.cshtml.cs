using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Profiles;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Profiles;

/// <summary>The matches for a saved profile, each explained, with training that closes gaps and other occupations that fit.</summary>
[Authorize(Roles = "job-seeker")]
public sealed class MatchesModel(ISender sender) : PageModel
{
    public const int Take = 10;
    public const int CareerSwitches = 5;

    public GetProfile.Response Profile { get; private set; } = null!;

    public RecommendOpenings.Response Matches { get; private set; } = null!;

    public SuggestCareerSwitch.Response Occupations { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if ((await sender.Send(new FindMyProfile.Query(), ct)).ProfileId is not { } id)
        {
            return Redirect("/profile");
        }

        Profile = await sender.Send(new GetProfile.Query(id), ct);

        Matches = await sender.Send(new RecommendOpenings.Query(id, Take, null, Current), ct);
        Occupations = await sender.Send(new SuggestCareerSwitch.Query(id, CareerSwitches, Current), ct);
        return Page();
    }
}
