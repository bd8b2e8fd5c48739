using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Pact;
using TalentMatch.Web.Pages.Charts;

namespace TalentMatch.Web.Pages.Pacts;

/// <summary>The coordinator's view of a pact: headline figures, charts and the bottlenecks, from the same messages as the API.</summary>
[Authorize]
public sealed class DashboardModel(ISender sender) : PageModel
{
    public GetPact.Response Pact { get; private set; } = null!;

    public PledgeFunnel.Response Funnel { get; private set; } = null!;

    public IReadOnlyList<SupplyAndDemand.Cell> BySectorAndLevel { get; private set; } = [];

    public ListBottlenecks.Response Bottlenecks { get; private set; } = null!;

    // Properties, not fields: the names follow the language of each request.
    public static Series Offered => new(Language.T("Plaatsen aangeboden", "Places offered"), "#0b4f8a");
    public static Series Searching => new(Language.T("Studenten zoekend", "Students searching"), "#b35900");
    public static Series Count => new(Language.T("Aantal", "Number"), "#0b4f8a");
    public static Series Realised => new(Language.T("Gerealiseerd", "Realised"), "#1d6b34");

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Pact = await sender.Send(new GetPact.Query(id), ct);
        Funnel = await sender.Send(new PledgeFunnel.Query(id), ct);
        var supply = await sender.Send(new SupplyAndDemand.Query(id), ct);
        BySectorAndLevel = supply.Cells.GroupBy(c => (c.Sector, c.Level))
            .Select(g => new SupplyAndDemand.Cell(g.Key.Sector, g.Key.Level, "", "", g.Sum(c => c.Offered), g.Sum(c => c.Searching)))
            .OrderBy(c => c.Sector, StringComparer.Ordinal).ThenBy(c => c.Level, StringComparer.Ordinal).ToList();
        Bottlenecks = await sender.Send(new ListBottlenecks.Query(id), ct);
    }

    public static string ChanceText(int points) => points switch
    {
        5 => Language.T("zeer groot", "very good"),
        4 => Language.T("groot", "good"),
        3 => Language.T("redelijk", "fair"),
        2 => Language.T("matig", "moderate"),
        _ => Language.T("klein", "low"),
    };

    public static string Percent(double share) => share.ToString("P0", System.Globalization.CultureInfo.CurrentCulture);
}
