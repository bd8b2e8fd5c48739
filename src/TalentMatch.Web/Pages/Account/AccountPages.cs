using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using TalentMatch.Web.Features.Accounts;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Pages.Account;

/// <summary>What the account pages share: the website's cookie sign-in and where each role starts.</summary>
public static class AccountPages
{
    public static Task SignInWithCookieAsync(HttpContext context, SignIn.Response account) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            AccountPrincipal.Create(account, CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>Back to the page that asked for sign-in when it is one of ours, else the role's own start page.</summary>
    public static string Destination(string? returnUrl, IReadOnlyList<string> roles, Func<string?, bool> isLocal) =>
        isLocal(returnUrl) && returnUrl != "/" ? returnUrl! : StartPage(roles);

    public static string StartPage(IReadOnlyList<string> roles) =>
        roles.Contains(Roles.Name(Role.JobSeeker)) ? "/profile"
        : roles.Contains(Roles.Name(Role.Employer)) ? "/employer"
        : roles.Contains(Roles.Name(Role.Coach)) ? "/coach"
        : "/";
}
