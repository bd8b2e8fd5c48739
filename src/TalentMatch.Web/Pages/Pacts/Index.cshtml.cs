using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Pact;

namespace TalentMatch.Web.Pages.Pacts;

[Authorize]
public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<GetPact.Response> Pacts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Pacts = await sender.Send(new ListPacts.Query(), ct);
}
