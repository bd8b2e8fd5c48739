using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace TalentMatch.Matching.Text;

public enum TextLanguage : byte
{
    Dutch,
    English,
}

/// <summary>
/// Per-language word handling for extraction: Snowball stemming (Lucene.NET's stemmers used as a library),
/// stop words and telling Dutch from English by its function words.
/// </summary>
public static class Languages
{
    static readonly HashSet<string> DutchStopWords = new(StringComparer.Ordinal)
    {
        "de", "het", "een", "en", "of", "van", "in", "op", "te", "met", "voor", "aan", "bij", "door", "naar", "uit", "om", "over",
        "als", "dat", "die", "dit", "deze", "is", "zijn", "wordt", "worden", "je", "jij", "jou", "jouw", "u", "uw", "wij", "we", "ons",
        "onze", "hij", "zij", "ze", "hun", "er", "ook", "niet", "maar", "dan", "tot", "zo", "wat", "wie", "waar", "heb", "hebt", "heeft",
        "hebben", "kan", "kunt", "kunnen", "zal", "zult", "zullen", "moet", "moeten", "bent", "ben", "was", "waren", "al", "nog", "meer",
        "zeer", "binnen", "onder", "tussen", "per", "na", "vanuit", "waarbij", "welke", "ik", "mijn", "hen", "hem", "haar",
    };

    static readonly HashSet<string> EnglishStopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "be", "been", "was",
        "were", "will", "would", "can", "could", "should", "may", "you", "your", "we", "our", "us", "they", "their", "it", "its", "this",
        "that", "these", "those", "who", "what", "which", "where", "when", "have", "has", "had", "do", "does", "not", "but", "if", "so",
        "into", "within", "about", "such", "all", "any", "other", "also", "than", "then", "there", "i", "my", "me", "he", "she", "his",
        "her", "them", "etc", "e", "g", "ie", "eg", "including", "per", "via", "well", "more", "very",
    };

    public static bool IsStopWord(string word, TextLanguage language) =>
        (language == TextLanguage.Dutch ? DutchStopWords : EnglishStopWords).Contains(word);

    /// <summary>Dutch unless the text holds more English function words than Dutch ones.</summary>
    public static TextLanguage Detect(IReadOnlyList<Token> tokens)
    {
        int dutch = 0, english = 0;
        foreach (var token in tokens)
        {
            // Words both languages share ("in", "is", "of" as "or"/"of") say nothing.
            var nl = DutchStopWords.Contains(token.Text);
            var en = EnglishStopWords.Contains(token.Text);
            if (nl && !en)
            {
                dutch++;
            }
            else if (en && !nl)
            {
                english++;
            }
        }

        return english > dutch ? TextLanguage.English : TextLanguage.Dutch;
    }

    [ThreadStatic] static DutchStemmer? t_dutch;
    [ThreadStatic] static EnglishStemmer? t_english;

    /// <summary>The Snowball stem of a folded word; words with digits or signs ("c++", "3d") stay as they are.</summary>
    public static string Stem(string word, TextLanguage language)
    {
        if (word.Length <= 2 || !word.All(char.IsLetter))
        {
            return word;
        }

        SnowballProgram stemmer = language == TextLanguage.Dutch ? t_dutch ??= new DutchStemmer() : t_english ??= new EnglishStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        var stem = stemmer.Current;
        return language == TextLanguage.Dutch ? DutchVerbForms(word, stem) : stem;
    }

    /// <summary>
    /// Snowball's Dutch stemmer leaves the present tense ("bijhoudt", "werkt"), double consonants ("lassen" →
    /// "lass") and double vowels ("aanstuurt" / "aansturen") alone, so such forms would miss their labels.
    /// Both sides of every match are stemmed here, so a stem that is no word is harmless.
    /// </summary>
    static string DutchVerbForms(string word, string stem)
    {
        if (stem == word && stem.Length >= 5 && stem[^1] == 't')
        {
            stem = stem[..^1];
        }

        if (stem.Length >= 4 && stem[^1] == stem[^2] && stem[^1] is not ('a' or 'e' or 'i' or 'o' or 'u'))
        {
            stem = stem[..^1];
        }

        // Dutch spells one vowel double or single by syllable ("aanstuurt", "aansturen"); one vowel for both.
        var builder = new System.Text.StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            if (builder.Length == 0 || c != builder[^1] || c is not ('a' or 'e' or 'o' or 'u'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
