using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Hackathons;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Pages.Events;

/// <summary>
/// One page for an event: participants register themselves and see the teams with their explanations;
/// organisers also form the teams (again, keeping locks) and download the lists.
/// </summary>
[Authorize]
public sealed class EventModel(ISender sender, ICurrentUser user) : PageModel
{
    public GetEvent.Response Event { get; private set; } = null!;

    public GetTeams.Response Teams { get; private set; } = null!;

    public bool IsOrganiser => user.IsIn(Role.Organiser) || user.IsIn(Role.Admin);

    public bool Registered { get; private set; }

    [BindProperty]
    public RegistrationForm Registration { get; set; } = new();

    public sealed class RegistrationForm
    {
        public string? Name { get; set; }
        public string? Kind { get; set; }
        public string? Programme { get; set; }
        public List<Guid> Skills { get; set; } = [];
        public Guid? FirstChoice { get; set; }
        public Guid? SecondChoice { get; set; }
        public Guid? ThirdChoice { get; set; }
    }

    public async Task OnGetAsync(Guid id, bool registered, CancellationToken ct)
    {
        Registered = registered;
        await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostRegisterAsync(Guid id, CancellationToken ct)
    {
        var choices = new[] { Registration.FirstChoice, Registration.SecondChoice, Registration.ThirdChoice }.OfType<Guid>().Distinct().ToList();
        try
        {
            await sender.Send(new RegisterParticipant.Command(Registration.Name, Registration.Kind, null,
                string.IsNullOrWhiteSpace(Registration.Programme) ? null : Registration.Programme, Registration.Skills, choices) { EventId = id }, ct);
        }
        catch (ValidationException invalid)
        {
            // The page shows the same rule messages the API gives, next to the form.
            foreach (var error in invalid.Errors)
            {
                ModelState.AddModelError($"Registration.{error.PropertyName}", error.ErrorMessage);
            }

            await LoadAsync(id, ct);
            return Page();
        }

        return RedirectToPage(new { id, registered = true });
    }

    public async Task<IActionResult> OnPostFormTeamsAsync(Guid id, CancellationToken ct)
    {
        await sender.Send(new FormTeams.Command { EventId = id }, ct);
        return RedirectToPage(new { id });
    }

    async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Event = await sender.Send(new GetEvent.Query(id), ct);
        Teams = await sender.Send(new GetTeams.Query(id), ct);
    }

    public static string KindText(string kind) => kind switch
    {
        "student" => Language.T("student", "student"),
        "company-staff" => Language.T("bedrijf", "company staff"),
        "knowledge-institution" => Language.T("kennisinstelling", "knowledge institution"),
        _ => Language.T("overheid", "government"),
    };
}
