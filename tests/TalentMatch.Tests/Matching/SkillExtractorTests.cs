using TalentMatch.Matching.Text;

namespace TalentMatch.Tests.Matching;

public sealed class SkillExtractorTests
{
    static readonly SkillExtractor Extractor = new(
        [
            new LabelEntry(0, "lassen", true, LabelKind.Preferred),
            new LabelEntry(0, "welding", false, LabelKind.Preferred),
            new LabelEntry(1, "projectmanagement", true, LabelKind.Preferred),
            new LabelEntry(1, "project management", false, LabelKind.Preferred),
            new LabelEntry(1, "manage projects", false, LabelKind.Alternative),
            new LabelEntry(2, "financiële administratie bijhouden", true, LabelKind.Preferred),
            new LabelEntry(2, "keep financial records", false, LabelKind.Preferred),
            new LabelEntry(3, "Python", false, LabelKind.Preferred),
            new LabelEntry(4, "bookkeeping", false, LabelKind.Preferred),
            new LabelEntry(5, "vaardigheden", true, LabelKind.Hidden),
            new LabelEntry(6, "klantenservice verlenen", true, LabelKind.Preferred),
            new LabelEntry(6, "customer service", false, LabelKind.Preferred),
            new LabelEntry(7, "manage staff", false, LabelKind.Preferred),
            new LabelEntry(7, "personeel aansturen", true, LabelKind.Preferred),
        ],
        [
            new ConceptText(4, "Record the day-to-day financial transactions of a business: invoices, receipts and ledgers.", TextLanguage.English),
            new ConceptText(0, "Join metal parts by melting them with an electric arc or a gas flame.", TextLanguage.English),
        ]);

    static string At(string text, EvidenceSpan span) => text.Substring(span.Start, span.Length);

    static ExtractedSkill Find(Extraction extraction, int concept) => Assert.Single(extraction.Skills, s => s.Concept == concept);

    [Fact]
    public void Finds_an_English_label_under_another_inflection_and_points_at_its_words()
    {
        const string text = "You will be managing projects and you managed staff before.";
        var extraction = Extractor.Extract(text);
        Assert.Equal(TextLanguage.English, extraction.Language);
        Assert.Equal(["managing projects"], Find(extraction, 1).Evidence.Select(s => At(text, s)));
        Assert.Equal(["managed staff"], Find(extraction, 7).Evidence.Select(s => At(text, s)));
    }

    [Fact]
    public void Finds_a_Dutch_label_without_its_accents_and_with_the_exact_characters()
    {
        const string text = "Je houdt de Financiele administratie bij en je gaat lassen.";
        var extraction = Extractor.Extract(text);
        Assert.Equal(TextLanguage.Dutch, extraction.Language);
        Assert.Equal(["lassen"], Find(extraction, 0).Evidence.Select(s => At(text, s)));
        Assert.Equal(0, extraction.Skills.Count(s => s.Concept == 2 && s.Evidence.Count == 0));
    }

    [Fact]
    public void Finds_a_Dutch_label_with_accents_in_the_text()
    {
        const string text = "Wij zoeken iemand die de financiële administratie bijhoudt.";
        var skill = Find(Extractor.Extract(text), 2);
        Assert.Equal(["financiële administratie bijhoudt"], skill.Evidence.Select(s => At(text, s)));
        Assert.True(skill.Confidence > 0.8);
    }

    [Fact]
    public void Splits_a_Dutch_compound_into_words_the_taxonomy_has()
    {
        const string text = "Goede lasvaardigheden zijn een pré.";
        var skill = Find(Extractor.Extract(text, TextLanguage.Dutch), 0);
        Assert.Equal(["las"], skill.Evidence.Select(s => At(text, s)));
    }

    [Fact]
    public void Finds_English_skill_names_in_a_Dutch_text()
    {
        const string text = "Je programmeert dagelijks in Python en je bent sterk in project management.";
        var extraction = Extractor.Extract(text);
        Assert.Equal(TextLanguage.Dutch, extraction.Language);
        Assert.Equal(["Python"], Find(extraction, 3).Evidence.Select(s => At(text, s)));
        Assert.Equal(["project management"], Find(extraction, 1).Evidence.Select(s => At(text, s)));
    }

    [Fact]
    public void Proposes_a_skill_from_its_description_when_the_text_never_names_it()
    {
        const string text = "You record the invoices, receipts and ledgers of small firms.";
        var extraction = Extractor.Extract(text);
        var skill = Find(extraction, 4);
        Assert.Null(skill.MatchedLabel);
        Assert.Contains("invoices", skill.Evidence.Select(s => At(text, s)));
        Assert.Equal(4, extraction.Skills[0].Concept);
    }

    [Fact]
    public void Ranks_a_named_skill_above_a_described_one()
    {
        const string text = "Welding and keeping ledgers.";
        var extraction = Extractor.Extract(text);
        Assert.Equal(0, extraction.Skills[0].Concept);
        Assert.True(Find(extraction, 0).Confidence > Find(extraction, 4).Confidence);
    }

    [Fact]
    public void Matches_hidden_labels_but_trusts_them_less_than_preferred_ones()
    {
        var hidden = Find(Extractor.Extract("vaardigheden", TextLanguage.Dutch), 5);
        var preferred = Find(Extractor.Extract("lassen", TextLanguage.Dutch), 0);
        Assert.True(hidden.Confidence < preferred.Confidence);
    }

    [Fact]
    public void Does_not_join_words_across_a_sentence_end()
    {
        var extraction = Extractor.Extract("We manage. Staff is friendly.", TextLanguage.English);
        Assert.DoesNotContain(extraction.Skills, s => s.Concept == 7 && s.MatchedLabel is not null);
    }

    [Fact]
    public void Proposes_nothing_for_text_without_skills() =>
        Assert.Empty(Extractor.Extract("Het weer is vandaag mooi.", minimumConfidence: 0.1).Skills);

    [Theory]
    [InlineData("We are looking for a colleague who can work with the team.", TextLanguage.English)]
    [InlineData("Wij zoeken een collega die met het team kan werken.", TextLanguage.Dutch)]
    public void Tells_Dutch_from_English(string text, TextLanguage expected) =>
        Assert.Equal(expected, Languages.Detect(TextTokens.Tokenise(text)));

    [Fact]
    public void Keeps_the_offsets_of_words_after_accents_and_signs()
    {
        var tokens = TextTokens.Tokenise("Één C++ ontwikkelaar");
        Assert.Equal([("een", 0, 3), ("c++", 4, 3), ("ontwikkelaar", 8, 12)], tokens.Select(t => (t.Text, t.Start, t.Length)));
    }

    [Theory]
    [InlineData("bijhouden", "bijhoudt")]
    [InlineData("werken", "werkt")]
    public void Stems_Dutch_verb_forms_alike(string infinitive, string presentTense) =>
        Assert.Equal(Languages.Stem(infinitive, TextLanguage.Dutch), Languages.Stem(presentTense, TextLanguage.Dutch));

    [Fact]
    public void Finds_a_Dutch_skill_from_a_conjugated_verb()
    {
        const string text = "Je werkt in een team dat het personeel aanstuurt.";
        Assert.Equal(["personeel aanstuurt"], Find(Extractor.Extract(text), 7).Evidence.Select(s => At(text, s)));
    }
}
