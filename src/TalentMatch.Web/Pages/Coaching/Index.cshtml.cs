using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Vacancies;

namespace TalentMatch.Web.Pages.Coaching;

/// <summary>The coach's start page: every open vacancy and internship place, each leading to its talent pool and shortlist.</summary>
[Authorize(Roles = "coach")]
public sealed class IndexModel(ISender sender) : PageModel
{
    public const int Take = 200;

    public IReadOnlyList<ListOpenings.Item> Vacancies { get; private set; } = [];

    public IReadOnlyList<ListOpenings.Item> Internships { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Coaches work for every employer, so every open opening is theirs to work on.
        Vacancies = (await sender.Send(new ListOpenings.Query("job", null, "open", Take), ct)).Items;
        Internships = (await sender.Send(new ListOpenings.Query("internship", null, "open", Take), ct)).Items;
    }
}
