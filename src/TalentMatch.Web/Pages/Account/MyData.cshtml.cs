using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Accounts;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Account;

/// <summary>The person's rights in one place: download everything stored about them, or erase the account for good.</summary>
[Authorize]
public sealed class MyDataModel(ISender sender) : PageModel
{
    [BindProperty]
    public bool Understood { get; set; }

    public FormErrors Errors { get; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        var data = await sender.Send(new ExportMyData.Query(), ct);
        var json = Encoding.UTF8.GetBytes(data.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return File(json, "application/json", $"talent-op-maat-{DateTime.UtcNow:yyyy-MM-dd}.json");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!Understood)
        {
            Errors.Add(nameof(Understood), T("Vink aan dat je begrijpt dat je account en profiel voorgoed weg zijn.",
                "Tick that you understand your account and profile are gone for good."));
            return Page();
        }

        await sender.Send(new EraseMe.Command(), ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/account/deleted");
    }
}
