using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Accounts;
using TalentMatch.Web.Infrastructure.Errors;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Account;

/// <summary>A job seeker makes an account and is signed in straight away.</summary>
public sealed class SignUpModel(ISender sender) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

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
            await sender.Send(new RegisterJobSeeker.Command(Email, Password, DisplayName), ct);
        }
        catch (ValidationException e)
        {
            Errors.Add(e, field => field, Wording);
            return Page();
        }
        catch (ConflictException)
        {
            Errors.Add(nameof(Email), T("Er is al een account met dit e-mailadres. Log in of gebruik een ander adres.",
                "There is already an account with this e-mail address. Sign in or use another address."));
            return Page();
        }

        var account = await sender.Send(new SignIn.Command(Email, Password), ct);
        await AccountPages.SignInWithCookieAsync(HttpContext, account);
        return LocalRedirect(AccountPages.Destination(ReturnUrl, account.Roles, Url.IsLocalUrl));
    }

    static string? Wording(string field) => field switch
    {
        nameof(Email) => T("Vul een geldig e-mailadres in.", "Enter a valid e-mail address."),
        nameof(Password) => T("Kies een wachtwoord van minstens 10 tekens.", "Choose a password of at least 10 characters."),
        nameof(DisplayName) => T("Gebruik hoogstens 100 tekens.", "Use at most 100 characters."),
        _ => null,
    };
}
