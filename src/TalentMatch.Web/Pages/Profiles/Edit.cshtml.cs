using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TalentMatch.Web.Features.Occupations;
using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Features.Skills;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Profiles;

/// <summary>
/// Build or change a skills profile. The whole draft travels in the form, so every step (find an occupation,
/// take its skills, add or drop a skill, set levels) works without JavaScript; nothing is stored until Save.
/// The signed-in job seeker's own profile: made here the first time, changed here after that.
/// </summary>
[Authorize(Roles = "job-seeker")]
public sealed partial class EditModel(ISender sender) : PageModel
{
    public const int StartLevel = 2;

    [BindProperty]
    public ProfileDraft Draft { get; set; } = new();

    public Guid? ProfileId { get; private set; }

    public IReadOnlyList<SearchOccupations.Hit> OccupationHits { get; private set; } = [];

    public IReadOnlyList<SearchSkills.Hit> SkillHits { get; private set; } = [];

    public bool Searched { get; private set; }

    public FormErrors Errors { get; } = new();

    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await BeginAsync(ct);
        if (ProfileId is { } profileId)
        {
            Draft = ProfileDraft.From(await sender.Send(new GetProfile.Query(profileId), ct));
        }
    }

    public async Task<IActionResult> OnPostSearchAsync(CancellationToken ct)
    {
        await BeginAsync(ct);
        Searched = true;
        if (!string.IsNullOrWhiteSpace(Draft.OccupationQuery))
        {
            OccupationHits = await SearchAsync(new SearchOccupations.Query(Draft.OccupationQuery, Current), nameof(Draft.OccupationQuery), r => r.Items, ct);
        }

        if (!string.IsNullOrWhiteSpace(Draft.SkillQuery))
        {
            SkillHits = await SearchAsync(new SearchSkills.Query(Draft.SkillQuery, Current), nameof(Draft.SkillQuery), r => r.Items, ct);
        }

        return Page();
    }

    /// <summary>Starting from a job the person knows: its essential skills go in at "some experience", to adjust.</summary>
    public async Task<IActionResult> OnPostUseOccupationAsync(Guid occupationId, CancellationToken ct)
    {
        await BeginAsync(ct);
        var occupation = await sender.Send(new GetOccupation.Query(occupationId, Current), ct);
        var added = 0;
        foreach (var skill in occupation.EssentialSkills.Where(s => Draft.Skills.All(d => d.SkillId != s.Id)))
        {
            Draft.Skills.Add(new DraftSkill { SkillId = skill.Id, Label = skill.Label, Level = StartLevel });
            added++;
        }

        var name = (Current == English ? occupation.LabelEn : occupation.LabelNl) ?? occupation.LabelEn ?? occupation.LabelNl ?? "";
        Notice = T($"{added} vaardigheden van {name} toegevoegd. Pas je niveau per vaardigheid aan en haal weg wat niet klopt.",
            $"Added {added} skills from {name}. Adjust your level for each and remove what does not fit.");
        Draft.OccupationQuery = null;
        return Page();
    }

    public async Task<IActionResult> OnPostAddSkillAsync(Guid skillId, CancellationToken ct)
    {
        await BeginAsync(ct);
        if (Draft.Skills.All(s => s.SkillId != skillId))
        {
            var skill = await sender.Send(new GetSkill.Query(skillId), ct);
            var label = Current == English ? skill.LabelEn : skill.LabelNl ?? skill.LabelEn;
            Draft.Skills.Add(new DraftSkill { SkillId = skill.Id, Label = label, Level = StartLevel });
            Notice = T($"{label} toegevoegd.", $"Added {label}.");
        }

        if (!string.IsNullOrWhiteSpace(Draft.SkillQuery))
        {
            SkillHits = await SearchAsync(new SearchSkills.Query(Draft.SkillQuery, Current), nameof(Draft.SkillQuery), r => r.Items, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRemoveSkillAsync(Guid skillId, CancellationToken ct)
    {
        await BeginAsync(ct);
        var removed = Draft.Skills.FirstOrDefault(s => s.SkillId == skillId);
        if (removed is not null)
        {
            Draft.Skills.Remove(removed);
            Notice = T($"{removed.Label} weggehaald.", $"Removed {removed.Label}.");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        await BeginAsync(ct);
        try
        {
            _ = ProfileId is { } profileId
                ? await sender.Send(Draft.ToFields(new UpdateProfile.Command { Id = profileId }), ct)
                : await sender.Send(Draft.ToFields(new CreateProfile.Command()), ct);
            return Redirect("/profile/matches");
        }
        catch (ValidationException e)
        {
            Errors.Add(e, FieldFor, Wording);
            return Page();
        }
    }

    /// <summary>Every post re-renders the draft as changed here, not as it arrived, so the posted values must not win.</summary>
    async Task BeginAsync(CancellationToken ct)
    {
        ProfileId = (await sender.Send(new FindMyProfile.Query(), ct)).ProfileId;
        ModelState.Clear();
        Draft.Skills.RemoveAll(s => s.SkillId == Guid.Empty);
    }

    async Task<IReadOnlyList<TItem>> SearchAsync<TResponse, TItem>(IQuery<TResponse> query, string field, Func<TResponse, IReadOnlyList<TItem>> items, CancellationToken ct)
    {
        try
        {
            return items(await sender.Send(query, ct));
        }
        catch (ValidationException)
        {
            Errors.Add(field, T("Typ minstens twee letters.", "Type at least two letters."));
            return [];
        }
    }

    static string FieldFor(string property)
    {
        // "Skills[3].Level" is shown next to the third skill's level; "Skills" (none at all) next to the skill search.
        var match = SkillIndex().Match(property);
        return match.Success ? $"Skills[{match.Groups[1].Value}]" : property == "Skills" ? nameof(ProfileDraft.SkillQuery) : property;
    }

    static string? Wording(string field) => field switch
    {
        nameof(ProfileDraft.SkillQuery) => T("Voeg minstens één vaardigheid toe.", "Add at least one skill."),
        nameof(ProfileDraft.EducationLevel) => T("Kies je hoogste opleiding.", "Choose your highest education."),
        nameof(ProfileDraft.Postcode) => T("Vul de vier cijfers van je postcode in, bijvoorbeeld 2311.", "Enter the four digits of your postcode, for example 2311."),
        nameof(ProfileDraft.HoursPerWeek) => T("Vul een aantal uren tussen 1 en 60 in.", "Enter a number of hours between 1 and 60."),
        nameof(ProfileDraft.DisplayName) => T("Gebruik hoogstens 100 tekens.", "Use at most 100 characters."),
        _ when field.StartsWith("Skills[", StringComparison.Ordinal) => T("Kies een niveau van 1 tot 4.", "Choose a level from 1 to 4."),
        _ => null,
    };

    [GeneratedRegex(@"^Skills\[(\d+)\]")]
    private static partial Regex SkillIndex();
}

/// <summary>The profile as the form holds it between steps.</summary>
public sealed class ProfileDraft
{
    public string? DisplayName { get; set; }
    public string? EducationLevel { get; set; }
    public string? Postcode { get; set; }
    public int? HoursPerWeek { get; set; }
    public DateOnly? AvailableFrom { get; set; }
    public List<DraftSkill> Skills { get; set; } = [];
    public List<Guid> WantedOccupations { get; set; } = [];
    public List<string> WantedSectors { get; set; } = [];
    public string? OccupationQuery { get; set; }
    public string? SkillQuery { get; set; }

    public static ProfileDraft From(GetProfile.Response profile) => new()
    {
        DisplayName = profile.DisplayName,
        EducationLevel = profile.EducationLevel,
        Postcode = profile.Postcode,
        HoursPerWeek = profile.HoursPerWeek,
        AvailableFrom = profile.AvailableFrom,
        Skills = profile.Skills.Select(s => new DraftSkill { SkillId = s.SkillId, Label = s.Label, Level = s.Level, Evidence = s.Evidence }).ToList(),
        WantedOccupations = profile.WantedOccupations.Select(o => o.Id).ToList(),
        WantedSectors = profile.WantedSectors.ToList(),
    };

    public TFields ToFields<TFields>(TFields fields) where TFields : ProfileFields => fields with
    {
        DisplayName = string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(),
        EducationLevel = EducationLevel,
        Postcode = string.IsNullOrWhiteSpace(Postcode) ? null : Postcode.Trim(),
        HoursPerWeek = HoursPerWeek,
        AvailableFrom = AvailableFrom,
        // Who may see the profile is changed on the privacy page only, where every change is logged; a new profile is private.
        Visibility = null,
        Skills = Skills.Select(s => new ProfileSkill(s.SkillId, s.Level, s.Evidence)).ToList(),
        WantedOccupations = WantedOccupations,
        WantedSectors = WantedSectors,
    };
}

public sealed class DraftSkill
{
    public Guid SkillId { get; set; }
    public string Label { get; set; } = "";
    public int Level { get; set; } = EditModel.StartLevel;
    public string? Evidence { get; set; }
}
