using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Pages.Employers;

/// <summary>The employer's start page: their organisation's vacancies, each leading to its candidates.</summary>
[Authorize(Roles = "employer")]
public sealed class IndexModel(ISender sender, ICurrentUser user) : PageModel
{
    public IReadOnlyList<ListOpenings.Item> Vacancies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (user.EmployerId is { } employer)
        {
            var jobs = (await sender.Send(new ListOpenings.Query("job", employer, null, 100), ct)).Items;
            var internships = (await sender.Send(new ListOpenings.Query("internship", employer, null, 100), ct)).Items;
            Vacancies = [.. jobs, .. internships];
        }
    }
}
