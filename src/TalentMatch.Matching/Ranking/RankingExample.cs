namespace TalentMatch.Matching.Ranking;

/// <summary>
/// One candidate judged for one query: a profile for a vacancy, a document for a LETOR query.
/// <paramref name="GroupId"/> names the query; <paramref name="Label"/> is the graded relevance (0 = not relevant).
/// </summary>
public sealed record RankingExample(int GroupId, float Label, float[] Features);
