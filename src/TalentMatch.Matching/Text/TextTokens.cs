using System.Globalization;
using System.Text;

namespace TalentMatch.Matching.Text;

/// <summary>A word of a text: where it stands in the original string, and its normal form.</summary>
public readonly record struct Token(int Start, int Length, string Text);

/// <summary>
/// Splits text into words while keeping each word's character offsets in the original string, so evidence can
/// point at exactly what the writer typed. Words are lower case without accents, like <see cref="SearchText"/>;
/// "c++" and "c#" keep their sign because the taxonomy has skills named by it.
/// </summary>
public static class TextTokens
{
    // Folding is looked up per character: decomposing every word of a 20,000-character text would dominate
    // extraction time.
    static readonly char[] Folded = BuildFolding();

    public static List<Token> Tokenise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(text.Length / 5);
        var builder = new StringBuilder(32);
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            builder.Clear();
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || IsMark(text[i])))
            {
                if (!IsMark(text[i]))
                {
                    builder.Append(Fold(text[i]));
                }

                i++;
            }

            while (i < text.Length && (text[i] == '+' || text[i] == '#') && builder.Length <= 2)
            {
                builder.Append(text[i]);
                i++;
            }

            tokens.Add(new Token(start, i - start, builder.ToString()));
        }

        return tokens;
    }

    /// <summary>Lower case without accent: 'É' → 'e', 'ï' → 'i'.</summary>
    public static char Fold(char c) => c < Folded.Length ? Folded[c] : char.ToLowerInvariant(c);

    static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    static char[] BuildFolding()
    {
        var table = new char[0x250];
        for (var c = 0; c < table.Length; c++)
        {
            var lower = char.ToLowerInvariant((char)c);
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            table[c] = decomposed.Length > 0 && char.IsLetter(decomposed[0]) ? decomposed[0] : lower;
        }

        return table;
    }
}
