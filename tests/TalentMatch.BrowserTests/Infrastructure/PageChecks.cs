using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace TalentMatch.BrowserTests.Infrastructure;

public static class PageChecks
{
    static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>Runs axe-core on the page as it is now and fails on any serious or critical WCAG violation.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, $"axe-core found serious or critical violations on {page.Url}:\n" + string.Join("\n", blocking.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}")));
    }

    /// <summary>
    /// Saves the page into the folder named by <c>TALENTMATCH_SCREENSHOTS</c> (relative to the repository root, e.g.
    /// <c>docs/screenshots</c>, where the README shows them). Without it nothing is written, so an ordinary test run
    /// leaves the tracked images alone. A full-page capture resizes the viewport, after which chromium may miss clicks,
    /// so mid-journey captures take only what is on screen.
    /// </summary>
    public static async Task SaveScreenshotAsync(this IPage page, string name, bool fullPage = true)
    {
        var requested = Environment.GetEnvironmentVariable("TALENTMATCH_SCREENSHOTS");
        if (string.IsNullOrWhiteSpace(requested))
        {
            return;
        }

        var folder = Path.Combine(RepositoryRoot(), requested);
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = fullPage });
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TalentMatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with TalentMatch.sln) was not found above the test binaries.");
    }
}
