using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Profiles;

/// <summary>The profile's closed word lists as people read them, in the page's language.</summary>
public static class Words
{
    public static string Level(int level) => level switch
    {
        1 => T("1 – beginner", "1 – beginner"),
        2 => T("2 – enige ervaring", "2 – some experience"),
        3 => T("3 – zelfstandig", "3 – independent"),
        4 => T("4 – expert, kan het anderen leren", "4 – expert, can teach it"),
        _ => level.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static readonly (string Code, string Nl, string En)[] EducationLevels =
    [
        ("none", "Geen diploma", "No diploma"),
        ("vmbo", "vmbo", "vmbo (pre-vocational)"),
        ("mbo1", "mbo 1", "mbo 1 (vocational, entry)"),
        ("mbo2", "mbo 2", "mbo 2 (vocational, basic)"),
        ("mbo3", "mbo 3", "mbo 3 (vocational, professional)"),
        ("mbo4", "mbo 4", "mbo 4 (vocational, middle management)"),
        ("hbo", "hbo", "hbo (university of applied sciences)"),
        ("wo", "wo", "wo (university)"),
    ];

    public static readonly (string Code, string Nl, string En)[] Visibility =
    [
        ("private", "Alleen ik", "Only me"),
        ("coach", "Ik en loopbaancoaches", "Me and career coaches"),
        ("employers-anonymous", "Ook werkgevers, anoniem", "Employers too, anonymously"),
    ];

    public static string Kind(string kind) => kind == "internship" ? T("Stageplaats", "Internship place") : T("Vacature", "Vacancy");
}
