using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Accounts;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Account;

/// <summary>The website's sign-in (the cookie's login path); the same message as POST /api/auth/login.</summary>
public sealed class SignInModel(ISender sender) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public FormErrors Errors { get; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var account = await sender.Send(new SignIn.Command(Email, Password), ct);
            await AccountPages.SignInWithCookieAsync(HttpContext, account);
            return LocalRedirect(AccountPages.Destination(ReturnUrl, account.Roles, Url.IsLocalUrl));
        }
        catch (ValidationException e)
        {
            Errors.Add(e, field => field, field => field == nameof(Email)
                ? T("Vul je e-mailadres in.", "Enter your e-mail address.")
                : T("Vul je wachtwoord in.", "Enter your password."));
        }
        catch (SignInFailedException e)
        {
            // One message for a wrong address and a wrong password, as the API gives, so addresses cannot be probed.
            Errors.Add(nameof(Email), e.Message == SignInFailedException.LockedOut
                ? T("Te vaak een verkeerd wachtwoord: dit account is even geblokkeerd. Probeer het later opnieuw.",
                    "Too many wrong passwords: this account is locked for a while. Try again later.")
                : T("Het e-mailadres of wachtwoord klopt niet.", "The e-mail address or password is not right."));
        }

        return Page();
    }
}
