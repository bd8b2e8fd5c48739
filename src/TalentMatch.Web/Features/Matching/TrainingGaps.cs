using Dapper;
using Npgsql;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;

namespace TalentMatch.Web.Features.Matching;

public sealed record TrainingModuleView(Guid Id, string Title, string Provider, string Kind, int DurationHours, IReadOnlyList<SkillView> Closes);

/// <summary>The training that closes a match's skill gap, and the score and rank the person would have after it.</summary>
public sealed record TrainingSuggestion(IReadOnlyList<TrainingModuleView> Modules, float ScoreAfter, int RankAfter);

/// <summary>
/// Links missing skills to concrete modules: a greedy cover that first takes the module closing the most
/// missing skills (essential ones count double), at most three modules. The person is then re-scored with
/// the taught skills added at level 2 ("some experience", what a course gives), by the same ranker.
/// </summary>
static class TrainingGaps
{
    public const int MaxModules = 3;
    public const byte LevelAfterTraining = 2;

    /// <summary>Settable properties: Npgsql reports uuid[] as System.Array, which Dapper's constructor matching refuses.</summary>
    sealed class ModuleRow
    {
        public Guid Id { get; init; }
        public string Title { get; init; } = "";
        public string Provider { get; init; } = "";
        public string Kind { get; init; } = "";
        public int DurationHours { get; init; }
        public Guid[] Skills { get; init; } = [];
    }

    public static async Task<Dictionary<Guid, TrainingSuggestion>> SuggestAsync(NpgsqlDataSource dataSource, MatchingState.Snapshot snapshot, Candidate person,
        IReadOnlyList<Match<Opening>> matches, string lang, CancellationToken ct)
    {
        var space = snapshot.Engine.Space;
        var missing = matches.SelectMany(m => m.Explanation.MissingEssential.Concat(m.Explanation.MissingOptional)).Distinct().Select(s => space.SkillIds[s]).ToArray();
        var result = new Dictionary<Guid, TrainingSuggestion>();
        if (missing.Length == 0)
        {
            return result;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var modules = (await connection.QueryAsync<ModuleRow>(new CommandDefinition("""
            select m.training_module_id as id, case when @lang = 'en' then m.title_en else m.title_nl end as title, m.provider, m.kind, m.duration_hours,
                   array_agg(ms.skill_id order by ms.skill_id) as skills
            from training_module m join training_module_skill ms on ms.training_module_id = m.training_module_id
            where m.training_module_id in (select training_module_id from training_module_skill where skill_id = any(@missing))
            group by m.training_module_id
            order by m.code
            """, new { missing, lang }, cancellationToken: ct))).AsList();
        if (modules.Count == 0)
        {
            return result;
        }

        var labels = lang == "en" ? snapshot.LabelsEn : snapshot.LabelsNl;
        var taught = modules.Select(m => m.Skills.Select(space.Skill).Where(s => s is not null).Select(s => s!.Value).ToHashSet()).ToList();
        foreach (var match in matches)
        {
            var gap = match.Explanation.MissingEssential.Select(s => (Skill: s, Weight: 2)).Concat(match.Explanation.MissingOptional.Select(s => (Skill: s, Weight: 1))).ToList();
            var chosen = new List<(int Module, List<int> Closes)>();
            while (chosen.Count < MaxModules && gap.Count > 0)
            {
                var best = Enumerable.Range(0, modules.Count)
                    .Where(i => chosen.All(c => c.Module != i))
                    .Select(i => (Module: i, Gain: gap.Where(g => taught[i].Contains(g.Skill)).Sum(g => g.Weight)))
                    .OrderByDescending(x => x.Gain).ThenBy(x => modules[x.Module].DurationHours)
                    .FirstOrDefault();
                if (best.Gain == 0)
                {
                    break;
                }

                var closes = gap.Where(g => taught[best.Module].Contains(g.Skill)).Select(g => g.Skill).ToList();
                chosen.Add((best.Module, closes));
                gap.RemoveAll(g => closes.Contains(g.Skill));
            }

            if (chosen.Count == 0)
            {
                continue;
            }

            var after = CareerSwitch.WithSkills(person, chosen.SelectMany(c => c.Closes), LevelAfterTraining);
            var (scoreAfter, _) = snapshot.Engine.ScorePair(after, match.Item);
            var rankAfter = 1 + matches.Count(m => !ReferenceEquals(m, match) && m.Score > scoreAfter);
            result[match.Item.Id] = new TrainingSuggestion(
                chosen.Select(c => new TrainingModuleView(modules[c.Module].Id, modules[c.Module].Title, modules[c.Module].Provider, modules[c.Module].Kind,
                    modules[c.Module].DurationHours, c.Closes.Select(s => new SkillView(space.SkillIds[s], labels[s])).ToList())).ToList(),
                scoreAfter, rankAfter);
        }

        return result;
    }
}
