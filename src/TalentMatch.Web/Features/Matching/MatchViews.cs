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
        // Plain loops into arrays of the right size: this runs for every match of every list.
        var matched = new MatchedSkillView[explanation.Matched.Count];
        for (var i = 0; i < matched.Length; i++)
        {
            var m = explanation.Matched[i];
            matched[i] = new MatchedSkillView(ids[m.Skill], labels[m.Skill], m.PersonLevel, m.RequiredLevel, m.Essential);
        }

        var reasons = new ReasonView[explanation.Reasons.Count];
        for (var i = 0; i < reasons.Length; i++)
        {
            reasons[i] = new ReasonView(explanation.Reasons[i].Feature, explanation.Reasons[i].Value, explanation.Reasons[i].Contribution);
        }

        return new ExplanationView(matched, Skills(explanation.MissingEssential, ids, labels), Skills(explanation.MissingOptional, ids, labels), reasons);
    }

    static SkillView[] Skills(IReadOnlyList<int> skills, Guid[] ids, string[] labels)
    {
        var views = new SkillView[skills.Count];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = new SkillView(ids[skills[i]], labels[skills[i]]);
        }

        return views;
    }
}
