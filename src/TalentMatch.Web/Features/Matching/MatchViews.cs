using TalentMatch.Matching.Matching;

namespace TalentMatch.Web.Features.Matching;

public sealed record SkillView(Guid SkillId, string Label);

public sealed record MatchedSkillView(Guid SkillId, string Label, int PersonLevel, int RequiredLevel, bool Essential);

public sealed record ReasonView(string Feature, float Value, float Contribution);

public sealed record ExplanationView(IReadOnlyList<MatchedSkillView> MatchedSkills, IReadOnlyList<SkillView> MissingEssentialSkills,
    IReadOnlyList<SkillView> MissingOptionalSkills, IReadOnlyList<ReasonView> Reasons);

/// <summary>Turns matching's dense indexes back into ids and labels a person can read.</summary>
static class MatchViews
{
    public static ExplanationView Explain(MatchingState.Snapshot snapshot, MatchExplanation explanation, string lang)
    {
        var ids = snapshot.Engine.Space.SkillIds;
        var labels = lang == "en" ? snapshot.LabelsEn : snapshot.LabelsNl;
        return new ExplanationView(
            explanation.Matched.Select(m => new MatchedSkillView(ids[m.Skill], labels[m.Skill], m.PersonLevel, m.RequiredLevel, m.Essential)).ToList(),
            explanation.MissingEssential.Select(s => new SkillView(ids[s], labels[s])).ToList(),
            explanation.MissingOptional.Select(s => new SkillView(ids[s], labels[s])).ToList(),
            explanation.Reasons.Select(r => new ReasonView(r.Feature, r.Value, r.Contribution)).ToList());
    }
}
