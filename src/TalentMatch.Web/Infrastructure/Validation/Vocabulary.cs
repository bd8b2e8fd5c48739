namespace TalentMatch.Web.Infrastructure.Validation;

/// <summary>The closed word lists the API accepts, kept in step with the database's check constraints.</summary>
public static class Vocabulary
{
    public static readonly string[] EducationLevels = ["none", "vmbo", "mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo"];
    public static readonly string[] Evidence = ["work", "training", "volunteering", "hobby"];
    public static readonly string[] Visibility = ["private", "coach", "employers-anonymous"];
    public static readonly string[] Sectors = ["technology", "manufacturing", "port-logistics", "care", "hospitality", "ict", "offshore-wind", "education", "government", "other"];
    public static readonly string[] ContractTypes = ["permanent", "temporary", "flex", "apprenticeship"];
    public static readonly string[] VacancyStatus = ["open", "closed"];
    public static readonly string[] Importance = ["essential", "optional"];
    public static readonly string[] ProgrammeKinds = ["crebo", "field"];
    public static readonly string[] ProgrammeLevels = ["mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo"];
    public static readonly string[] Languages = ["nl", "en"];

    public static string OneOf(string[] allowed) => $"Must be one of: {string.Join(", ", allowed)}.";
}
