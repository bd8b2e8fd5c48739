using System.Globalization;
using TalentMatch.Planning.Teams;
using TalentMatch.Web.Features.Hackathons;

namespace TalentMatch.Web.Pages.Events;

/// <summary>
/// A team's explanation in the page's language, built from the stored team (members, skills brought, preference
/// ranks, locks, what is not covered, why nobody could staff it) rather than from the English sentence the API keeps.
/// </summary>
public static class TeamSentence
{
    /// <summary>The sentence in the current language, or null when only the stored English one exists (runs formed before reasons were kept).</summary>
    public static string? For(GetTeams.Team team) => team.Staffed ? Staffed(team) : team.Unstaffed is { } reason ? Unstaffed(team.Company, reason) : null;

    static string Staffed(GetTeams.Team team)
    {
        var brings = team.Members.Select(m =>
        {
            var skills = Language.T(m.BringsSkillsNl, m.BringsSkills);
            var rank = m.PreferenceRank is { } r ? Language.T($"keuze {r}", $"choice {r}") : Language.T("niet gekozen", "not ranked");
            var about = $"{EventModel.KindText(m.Kind)}, {rank}{(m.Locked ? Language.T(", vastgezet", ", locked") : "")}";
            return skills.Count == 0
                ? Language.T($"{m.Name} ({about}) brengt geen gevraagde vaardigheid mee", $"{m.Name} ({about}) brings no required skill")
                : Language.T($"{m.Name} ({about}) brengt {string.Join(", ", skills)} mee", $"{m.Name} ({about}) brings {string.Join(", ", skills)}");
        });
        var uncovered = Language.T(team.UncoveredSkillsNl, team.UncoveredSkills);
        var gaps = uncovered.Count == 0
            ? Language.T("Elke gevraagde vaardigheid is gedekt.", "Every required skill is covered.")
            : Language.T($"Niet gedekt: {string.Join(", ", uncovered)}.", $"Not covered: {string.Join(", ", uncovered)}.");
        return $"{team.Company}: {string.Join("; ", brings)}. {gaps}";
    }

    static string Unstaffed(string company, UnstaffedReason reason)
    {
        var (n, needed) = (reason.Registered.ToString(CultureInfo.CurrentCulture), reason.Needed.ToString(CultureInfo.CurrentCulture));
        var programmes = string.Join(", ", reason.Programmes);
        var why = reason.Code switch
        {
            UnstaffedReason.TooFewFromProgrammes => Language.T(
                $"niemand kan dit team vormen: {n} studenten van {programmes} aangemeld, het team heeft er minstens {needed} nodig.",
                $"nobody can staff it: {n} students from {programmes} registered, the team needs at least {needed}."),
            UnstaffedReason.TooFewParticipants => Language.T(
                $"niemand kan dit team vormen: {n} deelnemers aangemeld, het team heeft er minstens {needed} nodig.",
                $"nobody can staff it: {n} participants registered, the team needs at least {needed}."),
            UnstaffedReason.TooFewStudents => Language.T(
                $"niemand kan dit team vormen: het team heeft minstens {needed} student(en) nodig, en er zijn er maar {n} aangemeld.",
                $"nobody can staff it: the team needs at least {needed} student(s), and only {n} such participants registered."),
            UnstaffedReason.TooFewNonStudents => Language.T(
                $"niemand kan dit team vormen: het team heeft minstens {needed} niet-student(en) nodig, en er zijn er maar {n} aangemeld.",
                $"nobody can staff it: the team needs at least {needed} non-student(s), and only {n} such participants registered."),
            UnstaffedReason.MixNotMet => Language.T(
                $"niemand kan dit team vormen: het team heeft minstens {needed} deelnemers van een bepaald soort nodig, en er zijn er maar {n} aangemeld.",
                $"nobody can staff it: the team needs at least {needed} participants of a certain kind, and only {n} such participants registered."),
            UnstaffedReason.NoRequiredSkills => Language.T(
                "geen team: geen enkele deelnemer brengt een van de gevraagde vaardigheden mee.",
                "not staffed: no participant brings any of its required skills."),
            _ => Language.T(
                "geen team: wie dit team kon vormen, dekt in andere teams meer vaardigheden en voorkeuren.",
                "not staffed: the people who could form its team cover more skills and preferences in other teams."),
        };
        return $"{company}: {why}";
    }
}
