using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Internships;
using TalentMatch.Web.Features.Skills;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Security;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Employers;

/// <summary>
/// An employer pastes a vacancy text, gets the skills it mentions proposed, and confirms each as essential or
/// optional (or drops it) before anything is stored. The draft travels in the form, so it works without JavaScript.
/// </summary>
[Authorize(Roles = "employer")]
public sealed class PostVacancyModel(ISender sender, ICurrentUser user) : PageModel
{
    public const string Drop = "drop";
    public const string Internship = "internship";

    /// <summary>Proposals this sure are most likely what the employer means as a requirement.</summary>
    public const double EssentialFrom = 0.5;

    [BindProperty]
    public VacancyDraft Draft { get; set; } = new();

    public bool Proposed { get; private set; }

    public FormErrors Errors { get; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostProposeAsync(CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            var proposal = await sender.Send(new ExtractSkills.Query(Draft.Text, Current), ct);
            var kept = Draft.Skills.Where(s => s.Choice != Drop).ToList();
            Draft.Skills = kept.Concat(proposal.Items.Where(p => kept.All(k => k.SkillId != p.Id)).Select(p => new DraftRequirement
            {
                SkillId = p.Id,
                Label = p.Label,
                Choice = p.Confidence >= EssentialFrom ? "essential" : "optional",
                MinLevel = 2,
                FoundAs = p.Evidence.Count > 0 ? p.Evidence[0].Text : null,
            })).ToList();
            Proposed = true;
        }
        catch (ValidationException)
        {
            Errors.Add(nameof(VacancyDraft.Text), T("Plak de tekst van de vacature (gewone tekst, in het Nederlands of Engels).",
                "Paste the vacancy text (plain text, in Dutch or English)."));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Proposed = Draft.Skills.Count > 0;
        try
        {
            var skills = Draft.Skills.Where(s => s.Choice != Drop).Select(s => new RequiredSkill(s.SkillId, s.Choice, s.MinLevel)).ToList();
            var id = Draft.Kind == Internship
                ? (await sender.Send(Draft.Fill(new CreateInternship.Command
                {
                    ProgrammeKind = Draft.ProgrammeKind,
                    ProgrammeCode = Draft.ProgrammeCode?.Trim(),
                    ProgrammeLevel = Draft.ProgrammeLevel,
                    PeriodStart = Draft.PeriodStart,
                    PeriodEnd = Draft.PeriodEnd,
                    Places = Draft.Places,
                }, user.EmployerId, skills), ct)).Id
                : (await sender.Send(Draft.Fill(new CreateVacancy.Command { ContractType = Draft.ContractType }, user.EmployerId, skills), ct)).Id;
            return Redirect($"/employer/vacancies/{id}/candidates");
        }
        catch (ValidationException e)
        {
            Errors.Add(e, field => field.StartsWith("Skills", StringComparison.Ordinal) ? "Skills" : field, Wording);
            return Page();
        }
    }

    static string? Wording(string field) => field switch
    {
        "Title" => T("Geef de vacature een titel.", "Give the vacancy a title."),
        "Skills" => T("Bevestig minstens één vaardigheid als kern of extra.", "Confirm at least one skill as essential or optional."),
        "EducationLevel" => T("Kies het gevraagde opleidingsniveau.", "Choose the education level asked for."),
        "Postcode" => T("Vul de vier cijfers van de postcode van de werkplek in, bijvoorbeeld 2311.", "Enter the four digits of the workplace postcode, for example 2311."),
        "HoursPerWeek" => T("Vul een aantal uren tussen 1 en 60 in.", "Enter a number of hours between 1 and 60."),
        "ContractType" => T("Kies een soort contract.", "Choose a kind of contract."),
        "ProgrammeKind" => T("Kies mbo (crebo) of hbo/wo (studierichting).", "Choose mbo (crebo) or hbo/wo (field of study)."),
        "ProgrammeCode" => T("Vul de opleiding in; een crebo-nummer heeft vijf cijfers.", "Enter the programme; a crebo number has five digits."),
        "ProgrammeLevel" => T("Kies het niveau van de opleiding.", "Choose the programme level."),
        "PeriodStart" => T("Vul de begindatum van de stage in.", "Enter the start date of the internship."),
        "PeriodEnd" => T("Vul een einddatum na de begindatum in.", "Enter an end date after the start date."),
        "Places" => T("Vul een aantal plaatsen tussen 1 en 100 in.", "Enter a number of places between 1 and 100."),
        _ => null,
    };
}

public sealed class VacancyDraft
{
    /// <summary>job or internship.</summary>
    public string Kind { get; set; } = "job";
    public string? Title { get; set; }
    public string? Text { get; set; }
    public string? EducationLevel { get; set; }
    public string? Postcode { get; set; }
    public int? HoursPerWeek { get; set; }
    public string? ContractType { get; set; }
    public string? ProgrammeKind { get; set; }
    public string? ProgrammeCode { get; set; }
    public string? ProgrammeLevel { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public int Places { get; set; } = 1;
    public List<DraftRequirement> Skills { get; set; } = [];

    /// <summary>What vacancies and internship places share, for the signed-in employer's own organisation.</summary>
    public TOpening Fill<TOpening>(TOpening opening, Guid? employerId, IReadOnlyList<RequiredSkill> skills) where TOpening : OpeningFields => opening with
    {
        EmployerId = employerId ?? Guid.Empty,
        Title = Title?.Trim(),
        Text = Text,
        EducationLevel = EducationLevel,
        Postcode = Postcode?.Trim(),
        HoursPerWeek = HoursPerWeek,
        Skills = skills,
    };
}

public sealed class DraftRequirement
{
    public Guid SkillId { get; set; }
    public string Label { get; set; } = "";

    /// <summary>essential, optional or drop.</summary>
    public string Choice { get; set; } = "essential";
    public int MinLevel { get; set; } = 2;

    /// <summary>The words in the text the proposal came from, so the employer sees why it was proposed.</summary>
    public string? FoundAs { get; set; }
}
