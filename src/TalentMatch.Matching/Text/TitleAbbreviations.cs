using System.Text.RegularExpressions;

namespace TalentMatch.Matching.Text;

/// <summary>
/// Abbreviations people use in Dutch and Flemish job titles ("vpk", "ped. mdw.", "ICT'er", "sr."), written out
/// the way the taxonomy's labels spell them, so character n-grams can compare the words the labels use.
/// </summary>
public static partial class TitleAbbreviations
{
    static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mdw"] = "medewerker", ["medew"] = "medewerker", ["mw"] = "medewerker", ["mwr"] = "medewerker",
        ["vpk"] = "verpleegkundige", ["ped"] = "pedagogisch", ["pmw"] = "pedagogisch medewerker",
        ["ass"] = "assistent", ["assist"] = "assistent", ["adm"] = "administratief",
        ["coörd"] = "coördinator", ["coord"] = "coördinator", ["mgr"] = "manager", ["dir"] = "directeur",
        ["sr"] = "senior", ["jr"] = "junior", ["vz"] = "voorzitter",
        ["hr"] = "personeelszaken", ["ict'er"] = "ict-medewerker", ["it'er"] = "ict-medewerker", ["ict-er"] = "ict-medewerker",
        ["bhv'er"] = "bedrijfshulpverlener", ["bhv"] = "bedrijfshulpverlener", ["wvb"] = "werkvoorbereider",
    };

    /// <summary>The title with known abbreviations written out, or null when it has none.</summary>
    public static string? Expand(string title)
    {
        var changed = false;
        var expanded = Word().Replace(title, match =>
        {
            var word = match.Value.TrimEnd('.');
            if (!Words.TryGetValue(word, out var full))
            {
                return match.Value;
            }

            changed = true;
            return full;
        });
        return changed ? expanded : null;
    }

    // A word with its inner apostrophes or hyphen-suffix ("ict'er", "ict-er") and an abbreviation's closing dot.
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-]er)?\.?", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
