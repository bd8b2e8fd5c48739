using System.Text;

namespace TalentMatch.Matching.Text;

/// <summary>Characters of the original text that support a proposed skill.</summary>
public readonly record struct EvidenceSpan(int Start, int Length);

/// <summary>A proposed skill: the concept, how sure we are (0–1), the label it was found by if any, and where.</summary>
public sealed record ExtractedSkill(int Concept, double Confidence, string? MatchedLabel, IReadOnlyList<EvidenceSpan> Evidence);

public sealed record Extraction(TextLanguage Language, IReadOnlyList<ExtractedSkill> Skills);

/// <summary>
/// Proposes taxonomy skills for a free text (a vacancy, a CV paragraph) in Dutch or English, in two layers:
/// <list type="number">
/// <item>Label phrases: every preferred, alternative and hidden label, stemmed, is looked up as a run of words in
/// the text, so "leidinggeven aan teams", "lassen" in "je last" or "managed a team" are found with the exact
/// characters. Dutch compounds the taxonomy has no label for are split into words it has
/// ("lasvaardigheden" → "las" + "vaardigheden").</item>
/// <item>Descriptions: each sentence is scored with BM25 against every skill's labels and description, for
/// sentences that describe a skill without naming it.</item>
/// </list>
/// The two become one confidence (a named skill is surer than a described one). Immutable once built, so
/// any number of threads can extract at once.
/// </summary>
public sealed class SkillExtractor
{
    const int MaxPhraseWords = 8;
    const int MaxSentenceWords = 40;
    const int MaxEvidencePerSkill = 5;
    const int MinimumHitsPerSentence = 10;

    sealed record Phrase(int Concept, string Label, LabelKind Kind, TextLanguage Language, int Words, string Surface);

    readonly Dictionary<string, List<Phrase>>[] _phrases = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    readonly Dictionary<string, int>[] _longestFrom = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    readonly HashSet<string> _dutchWords = new(StringComparer.Ordinal);
    readonly HashSet<string> _dutchStems = new(StringComparer.Ordinal);
    readonly DescriptionIndex _descriptions;
    readonly ExtractionSettings _settings;

    public SkillExtractor(IEnumerable<LabelEntry> labels, IEnumerable<ConceptText> descriptions, ExtractionSettings? settings = null)
    {
        _settings = settings ?? ExtractionSettings.Default;
        var labelList = labels.ToList();
        var conceptCount = labelList.Count == 0 ? 0 : labelList.Max(l => l.Concept) + 1;
        foreach (var label in labelList)
        {
            var language = label.IsDutch ? TextLanguage.Dutch : TextLanguage.English;
            var words = TextTokens.Tokenise(label.Label).Select(t => t.Text).Where(w => !Languages.IsStopWord(w, language)).ToList();
            if (words.Count == 0 || words.Count > MaxPhraseWords)
            {
                continue;
            }

            var stems = words.Select(w => Languages.Stem(w, language)).ToList();
            var key = string.Join(' ', stems);
            if (!_phrases[(int)language].TryGetValue(key, out var list))
            {
                _phrases[(int)language][key] = list = [];
            }

            // One phrase per concept and key: "manage staff" as preferred and as hidden label is one finding.
            var phrase = new Phrase(label.Concept, label.Label, label.Kind, language, words.Count, string.Join(' ', words));
            var same = list.FindIndex(p => p.Concept == label.Concept);
            if (same < 0)
            {
                list.Add(phrase);
            }
            else if (label.Kind < list[same].Kind)
            {
                list[same] = phrase;
            }

            var longest = _longestFrom[(int)language];
            longest[stems[0]] = Math.Max(longest.GetValueOrDefault(stems[0]), stems.Count);
            if (language == TextLanguage.Dutch)
            {
                foreach (var (word, stem) in words.Zip(stems))
                {
                    _dutchWords.Add(word);
                    _dutchStems.Add(stem);
                }
            }
        }

        // Labels are searchable text too; counting them twice lets a label word outweigh a description word.
        var labelTexts = labelList.Where(l => l.Kind != LabelKind.Hidden).Select(l => new ConceptText(l.Concept, l.Label, l.IsDutch ? TextLanguage.Dutch : TextLanguage.English));
        _descriptions = new DescriptionIndex(labelTexts.Concat(labelTexts).Concat(descriptions), conceptCount);
    }

    public int ConceptCount => _descriptions.ConceptCount;

    /// <summary>Proposed skills for <paramref name="text"/>, surest first, at most <paramref name="take"/>.</summary>
    public Extraction Extract(string text, TextLanguage? language = null, int take = 20, double minimumConfidence = 0.0)
    {
        var tokens = TextTokens.Tokenise(text);
        var lang = language ?? Languages.Detect(tokens);
        var found = new Dictionary<int, Finding>();

        // Labels of the text's language, then of the other: Dutch vacancies name many skills in English
        // ("Python", "stakeholder management").
        foreach (var labelLanguage in new[] { lang, lang == TextLanguage.Dutch ? TextLanguage.English : TextLanguage.Dutch })
        {
            var pieces = Pieces(text, tokens, labelLanguage, splitCompounds: lang == TextLanguage.Dutch);
            MatchPhrases(pieces, labelLanguage, labelLanguage == lang ? 1.0 : _settings.OtherLanguageWeight, found);
            if (labelLanguage == lang)
            {
                MatchDescriptions(pieces, take, found);
            }
        }

        var skills = found
            .Select(f => new ExtractedSkill(f.Key, f.Value.Confidence(_settings), f.Value.LabelText,
                f.Value.Spans.Distinct().OrderBy(s => s.Start).Take(MaxEvidencePerSkill).ToList()))
            .Where(s => s.Confidence >= minimumConfidence)
            .OrderByDescending(s => s.Confidence).ThenBy(s => s.Evidence.Count > 0 ? s.Evidence[0].Start : int.MaxValue).ThenBy(s => s.Concept)
            .Take(take)
            .ToList();
        return new Extraction(lang, skills);
    }

    /// <summary>A word (or a part of a compound) ready for matching, with the sentence it belongs to.</summary>
    readonly record struct Piece(int Start, int Length, string Word, string Stem, int Sentence, int Token);

    List<Piece> Pieces(string text, List<Token> tokens, TextLanguage language, bool splitCompounds)
    {
        var pieces = new List<Piece>(tokens.Count);
        // A vacancy repeats its words; stemming each distinct word once keeps long texts fast.
        var stems = new Dictionary<string, string>(StringComparer.Ordinal);
        var sentence = 0;
        var wordsInSentence = 0;
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (t > 0 && (EndsSentence(text, tokens[t - 1].Start + tokens[t - 1].Length, token.Start) || wordsInSentence >= MaxSentenceWords))
            {
                sentence++;
                wordsInSentence = 0;
            }

            wordsInSentence++;
            if (Languages.IsStopWord(token.Text, language))
            {
                continue;
            }

            if (!stems.TryGetValue(token.Text, out var stem))
            {
                stems[token.Text] = stem = Languages.Stem(token.Text, language);
            }

            if (splitCompounds && language == TextLanguage.Dutch && !_dutchStems.Contains(stem) && SplitCompound(token.Text) is { } split)
            {
                // Offsets of the parts are exact only when folding kept one character per character.
                var exact = token.Length == token.Text.Length;
                var first = token.Text[..split.Head];
                var second = token.Text[split.Tail..];
                pieces.Add(new Piece(token.Start, exact ? split.Head : token.Length, first, Languages.Stem(first, language), sentence, t));
                pieces.Add(new Piece(exact ? token.Start + split.Tail : token.Start, exact ? token.Length - split.Tail : token.Length, second, Languages.Stem(second, language), sentence, t));
                continue;
            }

            pieces.Add(new Piece(token.Start, token.Length, token.Text, stem, sentence, t));
        }

        return pieces;
    }

    static bool EndsSentence(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (text[i] is '.' or '!' or '?' or ';' or ':' or '\n' or '\r' or '•' or '·' or '|')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Splits a Dutch compound into two words the taxonomy's Dutch labels use, allowing the linking "s", "e"
    /// or "en" ("vakmanschap" no, "lasvaardigheden" → las|vaardigheden, "klantenservice" → klant(en)|service).
    /// The longest head word wins, as Dutch compounds put the meaning in their last part.
    /// </summary>
    (int Head, int Tail)? SplitCompound(string word)
    {
        if (word.Length < 7 || !word.All(char.IsLetter))
        {
            return null;
        }

        for (var tail = 3; tail <= word.Length - 4; tail++)
        {
            var second = word[tail..];
            if (!_dutchWords.Contains(second) && !_dutchStems.Contains(second))
            {
                continue;
            }

            foreach (var linker in (ReadOnlySpan<int>)[0, 1, 2])
            {
                var head = tail - linker;
                if (head < 3 || (linker == 1 && word[head] is not ('s' or 'e')) || (linker == 2 && word.AsSpan(head, 2) is not "en"))
                {
                    continue;
                }

                var first = word[..head];
                if (_dutchWords.Contains(first) || _dutchStems.Contains(first))
                {
                    return (head, tail);
                }
            }
        }

        return null;
    }

    void MatchPhrases(List<Piece> pieces, TextLanguage language, double languageWeight, Dictionary<int, Finding> found)
    {
        var phrases = _phrases[(int)language];
        var longestFrom = _longestFrom[(int)language];
        var matches = new List<(int From, int Words, Phrase Phrase)>();
        var key = new StringBuilder(64);
        for (var i = 0; i < pieces.Count; i++)
        {
            if (!longestFrom.TryGetValue(pieces[i].Stem, out var longest))
            {
                continue;
            }

            key.Clear().Append(pieces[i].Stem);
            for (var n = 1; n <= longest && i + n <= pieces.Count; n++)
            {
                if (n > 1)
                {
                    // A label's words may be apart by one left-out word ("health and safety"), not more.
                    if (pieces[i + n - 1].Sentence != pieces[i].Sentence || pieces[i + n - 1].Token - pieces[i + n - 2].Token > 2)
                    {
                        break;
                    }

                    key.Append(' ').Append(pieces[i + n - 1].Stem);
                }

                if (phrases.TryGetValue(key.ToString(), out var list))
                {
                    foreach (var phrase in list)
                    {
                        matches.Add((i, n, phrase));
                    }
                }
            }
        }

        for (var k = 0; k < matches.Count; k++)
        {
            var (from, words, phrase) = matches[k];
            var to = from + words;
            // A label inside a longer one found here ("management" in "project management") is weaker evidence.
            // Matches are in text order, so only neighbours that start at most a phrase length earlier can hold it.
            var nested = false;
            for (var j = k + 1; j < matches.Count && matches[j].From == from && !nested; j++)
            {
                nested = matches[j].Words > words;
            }

            for (var j = k - 1; j >= 0 && matches[j].From >= from - MaxPhraseWords && !nested; j--)
            {
                nested = matches[j].Words > words && matches[j].From + matches[j].Words >= to;
            }

            var surface = string.Join(' ', pieces.Skip(from).Take(words).Select(p => p.Word));
            var confidence = _settings.KindWeight(phrase.Kind)
                * (words switch { 1 => _settings.OneWordWeight, 2 => _settings.TwoWordWeight, _ => 1.0 })
                * (surface == phrase.Surface ? 1.0 : _settings.StemOnlyWeight)
                * (nested ? _settings.NestedWeight : 1.0)
                * (words == 1 && _descriptions.DocumentCount(pieces[from].Stem) > Math.Max(_settings.CommonWordMinimum, _settings.CommonWordShare * ConceptCount) ? _settings.CommonWordWeight : 1.0)
                * languageWeight;
            var finding = Get(found, phrase.Concept);
            if (confidence > finding.LabelScore)
            {
                finding.LabelScore = confidence;
                finding.LabelText = phrase.Label;
            }

            finding.Mentions++;
            finding.LabelSpans.Add(Span(pieces, from, to));
        }
    }

    void MatchDescriptions(List<Piece> pieces, int take, Dictionary<int, Finding> found)
    {
        var scratch = new float[_descriptions.ConceptCount];
        var start = 0;
        while (start < pieces.Count)
        {
            var end = start;
            while (end < pieces.Count && pieces[end].Sentence == pieces[start].Sentence)
            {
                end++;
            }

            var terms = pieces.Skip(start).Take(end - start).Select(p => p.Stem).Distinct(StringComparer.Ordinal).ToList();
            foreach (var (concept, score) in _descriptions.Search(terms, Math.Max(take, MinimumHitsPerSentence), scratch, _settings.MaxTermShare))
            {
                var confidence = _settings.DescriptionCeiling * score / (score + _settings.DescriptionHalfScore);
                var finding = Get(found, concept);
                if (confidence > finding.Description)
                {
                    finding.Description = confidence;
                    finding.DescriptionSpans.Clear();
                    for (var p = start; p < end; p++)
                    {
                        if (_descriptions.Contains(concept, pieces[p].Stem))
                        {
                            finding.DescriptionSpans.Add(Span(pieces, p, p + 1));
                        }
                    }
                }
            }

            start = end;
        }
    }

    static EvidenceSpan Span(List<Piece> pieces, int from, int to) =>
        new(pieces[from].Start, pieces[to - 1].Start + pieces[to - 1].Length - pieces[from].Start);

    static Finding Get(Dictionary<int, Finding> found, int concept)
    {
        if (!found.TryGetValue(concept, out var finding))
        {
            found[concept] = finding = new Finding();
        }

        return finding;
    }

    sealed class Finding
    {
        public double LabelScore;
        public string? LabelText;
        public int Mentions;
        public double Description;
        public readonly List<EvidenceSpan> LabelSpans = [];
        public readonly List<EvidenceSpan> DescriptionSpans = [];

        /// <summary>Where the skill is named when it is; otherwise the words that describe it.</summary>
        public List<EvidenceSpan> Spans => LabelSpans.Count > 0 ? LabelSpans : DescriptionSpans;

        public double Confidence(ExtractionSettings settings)
        {
            // Each further mention of a label makes it a little surer, never past one.
            var label = LabelScore == 0 ? 0 : 1 - (1 - LabelScore) * Math.Pow(settings.RepeatDiscount, Math.Min(Mentions, 5) - 1);
            return Math.Round(1 - (1 - label) * (1 - Description), 4);
        }
    }
}

/// <summary>The weights of <see cref="SkillExtractor"/>; chosen on the benchmark's validation files only.</summary>
public sealed record ExtractionSettings
{
    public static readonly ExtractionSettings Default = new();

    public double PreferredWeight { get; init; } = 1.0;
    public double AlternativeWeight { get; init; } = 0.95;
    public double HiddenWeight { get; init; } = 0.85;
    public double OneWordWeight { get; init; } = 0.75;
    public double TwoWordWeight { get; init; } = 0.9;
    public double StemOnlyWeight { get; init; } = 0.92;
    public double NestedWeight { get; init; } = 0.7;
    public double CommonWordShare { get; init; } = 0.01;
    public int CommonWordMinimum { get; init; } = 20;
    public double CommonWordWeight { get; init; } = 0.7;
    public double OtherLanguageWeight { get; init; } = 0.9;
    public double RepeatDiscount { get; init; } = 0.8;
    public double DescriptionCeiling { get; init; } = 0.6;
    public double DescriptionHalfScore { get; init; } = 15;
    public double MaxTermShare { get; init; } = 0.05;

    public double KindWeight(LabelKind kind) => kind switch
    {
        LabelKind.Preferred => PreferredWeight,
        LabelKind.Alternative => AlternativeWeight,
        _ => HiddenWeight,
    };
}
