using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TalentMatch.IntegrationTests.Infrastructure;

namespace TalentMatch.BrowserTests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (a browser cannot reach an in-memory test server) on a free loopback port,
/// against its own database in the integration tests' throwaway cluster, and one headless Debian chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    readonly DatabaseFixture _database = new();
    IPlaywright? _playwright;

    public TestApp App { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return;
        }

        await _database.InitializeAsync();
        App = await _database.CreateAppAsync("browser_tests");
        App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Headless = true });
    }

    /// <summary>A fresh browser context per journey (own cookies), Dutch by default as a Dutch visitor's browser would be.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
            Locale = "nl-NL",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        // The first ranked list loads the model and builds the matching index; a shared, busy machine needs the margin.
        Assertions.SetDefaultExpectTimeout(15_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return;
        }

        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>Debian's chromium, which scripts/test.sh installs; Playwright never downloads a browser of its own.</summary>
public static class Chromium
{
    public static string Path { get; } = Environment.GetEnvironmentVariable("TALENTMATCH_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public static string? SkipReason { get; } = File.Exists(Path)
        ? null
        : $"Skipped: no chromium at {Path}. scripts/test.sh installs it (apt-get install chromium); TALENTMATCH_CHROMIUM may point elsewhere.";
}

/// <summary>A browser journey, skipped with the reason when chromium is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
