using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Infrastructure.Errors;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Profiles;

/// <summary>The matches for a saved profile, each explained, with training that closes gaps and other occupations that fit.</summary>
public sealed class MatchesModel(ISender sender) : PageModel
{
    public const int Take = 10;
    public const int CareerSwitches = 5;

    public GetProfile.Response Profile { get; private set; } = null!;

    public RecommendOpenings.Response Matches { get; private set; } = null!;

    public SuggestCareerSwitch.Response Occupations { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Profile = await sender.Send(new GetProfile.Query(id), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Matches = await sender.Send(new RecommendOpenings.Query(id, Take, null, Current), ct);
        Occupations = await sender.Send(new SuggestCareerSwitch.Query(id, CareerSwitches, Current), ct);
        return Page();
    }
}
