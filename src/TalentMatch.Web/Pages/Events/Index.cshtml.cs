using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Hackathons;

namespace TalentMatch.Web.Pages.Events;

[Authorize]
public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<ListEvents.Item> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Events = await sender.Send(new ListEvents.Query(), ct);
}
