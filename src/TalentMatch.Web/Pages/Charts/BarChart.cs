using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace TalentMatch.Web.Pages.Charts;

/// <summary>A bar group: one label and a value per series.</summary>
public sealed record BarGroup(string Label, IReadOnlyList<double> Values);

/// <summary>A series' name and colour (a presentation attribute, so the page's content security policy allows it).</summary>
public sealed record Series(string Name, string Colour);

/// <summary>
/// Horizontal bar charts drawn on the server as SVG: no script, no CDN, readable without colour (every bar
/// carries its value as text) and described for screen readers by its title and a table beside it.
/// </summary>
public static class BarChart
{
    const int LabelWidth = 220, BarArea = 420, ValueWidth = 70, BarHeight = 18, GroupGap = 12, LegendHeight = 28;

    public static IHtmlContent Render(string id, string title, IReadOnlyList<Series> series, IReadOnlyList<BarGroup> groups, Func<double, string>? format = null, double? maximum = null)
    {
        format ??= v => v.ToString("N0", CultureInfo.CurrentCulture);
        var max = Math.Max(maximum ?? 0, groups.SelectMany(g => g.Values).DefaultIfEmpty(0).Max());
        max = max <= 0 ? 1 : max;
        var groupHeight = series.Count * BarHeight + GroupGap;
        var height = LegendHeight + Math.Max(1, groups.Count) * groupHeight;
        var width = LabelWidth + BarArea + ValueWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg id="{id}" class="chart" role="img" aria-labelledby="{id}-title" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{E(title)}</title>""");
        var x = 0;
        foreach (var s in series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="4" width="14" height="14" fill="{s.Colour}"/><text x="{x + 20}" y="16" font-size="13" fill="#1b1b1b">{E(s.Name)}</text>""");
            x += 30 + s.Name.Length * 8;
        }

        if (groups.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{LegendHeight + 14}" font-size="13" fill="#4a4a4a">–</text>""");
        }

        for (var g = 0; g < groups.Count; g++)
        {
            var top = LegendHeight + g * groupHeight;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth - 8}" y="{top + series.Count * BarHeight / 2.0 + 4:0.#}" font-size="13" text-anchor="end" fill="#1b1b1b">{E(groups[g].Label)}</text>""");
            for (var s = 0; s < series.Count; s++)
            {
                var value = s < groups[g].Values.Count ? groups[g].Values[s] : 0;
                var length = Math.Max(value > 0 ? 1 : 0, value / max * BarArea);
                var y = top + s * BarHeight;
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{LabelWidth}" y="{y + 2}" width="{length:0.#}" height="{BarHeight - 4}" fill="{series[s].Colour}"/>""");
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth + length + 6:0.#}" y="{y + BarHeight - 5}" font-size="12" fill="#1b1b1b">{E(format(value))}</text>""");
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    static string E(string text) => WebUtility.HtmlEncode(text);
}
