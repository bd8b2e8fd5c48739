using Dapper;
using Npgsql;
using TalentMatch.Matching.Features;
using TalentMatch.Matching.Matching;
using TalentMatch.Matching.Model;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// A module as a person reads it, listed once per answer however many matches it helps: the same few modules close the
/// gaps of most of a person's matches, and repeating their details in each took a sizeable part of every answer.
/// </summary>
public sealed record TrainingModuleView(Guid Id, string Title, string Provider, string Kind, int DurationHours);

/// <summary>One module of a suggestion, by id (its details are in the answer's list of modules), and the missing skills it teaches.</summary>
public sealed record TrainingStep(Guid Id, IReadOnlyList<SkillView> Closes);

/// <summary>The training that closes a match's skill gap, and the score and rank the person would have after it.</summary>
public sealed record TrainingSuggestion(IReadOnlyList<TrainingStep> Modules, float ScoreAfter, int RankAfter);

/// <summary>What a list's suggestions need: each match's suggestion by opening, and every module they name, in order of first mention.</summary>
public sealed record TrainingSuggestions(Dictionary<Guid, TrainingSuggestion> ByOpening, IReadOnlyList<TrainingModuleView> Modules)
{
    public static readonly TrainingSuggestions None = new([], []);
}

/// <summary>
/// Links missing skills to concrete modules: a greedy cover that first takes the module closing the most
/// missing skills (essential ones count double), at most three modules. The person is then re-scored with
/// the taught skills added at level 2 ("some experience", what a course gives), by the same ranker.
/// </summary>
static class TrainingGaps
{
    public const int MaxModules = 3;
    public const byte LevelAfterTraining = 2;

    /// <summary>
    /// Only matches with a gap some module closes are re-scored: the cover is chosen from the modules that teach one of
    /// that match's missing skills (the catalogue's skill lookup), and the re-scored pairs go through the ranker in one
    /// batch, the way the list itself was scored, without explaining them (nobody reads those explanations).
    /// </summary>
    public static TrainingSuggestions Suggest(MatchingState.Snapshot snapshot, TrainingCatalogue.Loaded catalogue, IMatchScorer scorer,
        Candidate person, IReadOnlyList<Match<Opening>> matches, string lang)
    {
        if (catalogue.Modules.Length == 0)
        {
            return TrainingSuggestions.None;
        }

        var space = snapshot.Engine.Space;
        var taughtBy = catalogue.TaughtBy(space);
        var covers = new List<(Match<Opening> Match, List<(int Module, List<int> Closes)> Chosen)>();
        var gap = new List<(int Skill, int Weight)>();
        var candidates = new List<int>();
        foreach (var match in matches)
        {
            gap.Clear();
            candidates.Clear();
            foreach (var skill in match.Explanation.MissingEssential)
            {
                AddGap(gap, candidates, taughtBy, skill, 2);
            }

            foreach (var skill in match.Explanation.MissingOptional)
            {
                AddGap(gap, candidates, taughtBy, skill, 1);
            }

            if (candidates.Count > 0 && Cover(catalogue, space, gap, candidates) is { Count: > 0 } chosen)
            {
                covers.Add((match, chosen));
            }
        }

        if (covers.Count == 0)
        {
            return TrainingSuggestions.None;
        }

        var features = new float[covers.Count * MatchFeatures.Count];
        for (var i = 0; i < covers.Count; i++)
        {
            var after = WithSkills(person, covers[i].Chosen, LevelAfterTraining);
            MatchFeatures.Compute(space, after, covers[i].Match.Item, features.AsSpan(i * MatchFeatures.Count, MatchFeatures.Count));
        }

        var scores = new float[covers.Count];
        scorer.ScoreAll(features, scores);
        var labels = lang == "en" ? snapshot.LabelsEn : snapshot.LabelsNl;
        var result = new Dictionary<Guid, TrainingSuggestion>(covers.Count);
        var named = new List<TrainingModuleView>();
        for (var i = 0; i < covers.Count; i++)
        {
            var (match, chosen) = covers[i];
            var rankAfter = 1;
            foreach (var other in matches)
            {
                rankAfter += !ReferenceEquals(other, match) && other.Score > scores[i] ? 1 : 0;
            }

            var steps = new TrainingStep[chosen.Count];
            for (var m = 0; m < chosen.Count; m++)
            {
                var module = catalogue.Modules[chosen[m].Module];
                var closes = new SkillView[chosen[m].Closes.Count];
                for (var j = 0; j < closes.Length; j++)
                {
                    closes[j] = new SkillView(space.SkillIds[chosen[m].Closes[j]], labels[chosen[m].Closes[j]]);
                }

                steps[m] = new TrainingStep(module.Id, closes);
                if (!named.Exists(n => n.Id == module.Id))
                {
                    named.Add(new TrainingModuleView(module.Id, lang == "en" ? module.TitleEn : module.TitleNl, module.Provider, module.Kind, module.DurationHours));
                }
            }

            result[match.Item.Id] = new TrainingSuggestion(steps, scores[i], rankAfter);
        }

        return new TrainingSuggestions(result, named);
    }

    /// <summary>The greedy cover of one match's gap; catalogue order (by code) breaks ties between equally useful, equally long modules.</summary>
    static List<(int Module, List<int> Closes)> Cover(TrainingCatalogue.Loaded catalogue, SkillSpace space, List<(int Skill, int Weight)> gap, List<int> candidates)
    {
        var chosen = new List<(int Module, List<int> Closes)>(MaxModules);
        candidates.Sort();
        while (chosen.Count < MaxModules && gap.Count > 0)
        {
            var (best, bestGain) = (-1, 0);
            foreach (var module in candidates)
            {
                if (chosen.Exists(c => c.Module == module))
                {
                    continue;
                }

                var gain = 0;
                foreach (var (skill, weight) in gap)
                {
                    gain += catalogue.Modules[module].Teaches(space, skill) ? weight : 0;
                }

                if (gain > bestGain || (gain == bestGain && gain > 0 && catalogue.Modules[module].DurationHours < catalogue.Modules[best].DurationHours))
                {
                    (best, bestGain) = (module, gain);
                }
            }

            if (bestGain == 0)
            {
                break;
            }

            var closes = new List<int>();
            foreach (var (skill, _) in gap)
            {
                if (catalogue.Modules[best].Teaches(space, skill))
                {
                    closes.Add(skill);
                }
            }

            chosen.Add((best, closes));
            gap.RemoveAll(g => closes.Contains(g.Skill));
        }

        return chosen;
    }

    /// <summary>The person with the taught skills added at the given level (a skill they already have keeps the higher level).</summary>
    static Candidate WithSkills(Candidate person, List<(int Module, List<int> Closes)> chosen, byte level)
    {
        // Straight into arrays of the final size: this runs for most matches of every list computed.
        var count = 0;
        foreach (var (_, closes) in chosen)
        {
            count += closes.Count;
        }

        Span<int> added = count <= 64 ? stackalloc int[count] : new int[count];
        count = 0;
        foreach (var (_, closes) in chosen)
        {
            foreach (var skill in closes)
            {
                added[count++] = skill;
            }
        }

        added.Sort();
        var skills = new int[person.Skills.Length + added.Length];
        var levels = new byte[skills.Length];
        var (i, j, n) = (0, 0, 0);
        while (i < person.Skills.Length || j < added.Length)
        {
            if (j == added.Length || (i < person.Skills.Length && person.Skills[i] < added[j]))
            {
                (skills[n], levels[n++]) = (person.Skills[i], person.Levels[i++]);
            }
            else if (i == person.Skills.Length || added[j] < person.Skills[i])
            {
                if (n == 0 || skills[n - 1] != added[j])
                {
                    (skills[n], levels[n++]) = (added[j], level);
                }
                else
                {
                    levels[n - 1] = Math.Max(levels[n - 1], level);
                }

                j++;
            }
            else
            {
                // Both have it: the higher level counts.
                (skills[n], levels[n++]) = (person.Skills[i], Math.Max(person.Levels[i++], level));
                j++;
            }
        }

        return person with { Skills = n == skills.Length ? skills : skills[..n], Levels = n == levels.Length ? levels : levels[..n] };
    }

    static void AddGap(List<(int Skill, int Weight)> gap, List<int> candidates, IReadOnlyDictionary<int, int[]> taughtBy, int skill, int weight)
    {
        gap.Add((skill, weight));
        if (taughtBy.TryGetValue(skill, out var modules))
        {
            foreach (var module in modules)
            {
                if (!candidates.Contains(module))
                {
                    candidates.Add(module);
                }
            }
        }
    }
}

/// <summary>
/// The training catalogue held in memory: it is seed data that rarely changes, and reading it per request cost a
/// database round trip for every match list. A change to it arrives through the change feed and drops the loaded
/// copy; the next request reads it again.
/// </summary>
public sealed class TrainingCatalogue
{
    public sealed class Module(Guid id, string titleNl, string titleEn, string provider, string kind, int durationHours, Guid[] skills)
    {
        public Guid Id => id;
        public string TitleNl => titleNl;
        public string TitleEn => titleEn;
        public string Provider => provider;
        public string Kind => kind;
        public int DurationHours => durationHours;
        public Guid[] Skills => skills;

        public bool Teaches(SkillSpace space, int skill) => Array.IndexOf(skills, space.SkillIds[skill]) >= 0;
    }

    /// <summary>One read of the catalogue, in module code order.</summary>
    public sealed class Loaded(Module[] modules)
    {
        /// <summary>One object, so a request never reads the lookup of one taxonomy paired with another (a struct could tear).</summary>
        sealed record Lookup(SkillSpace Space, Dictionary<int, int[]> TaughtBy);

        volatile Lookup? _lookup;

        public Module[] Modules => modules;

        /// <summary>Dense skill index → the modules (positions in <see cref="Modules"/>) that teach it, built once per taxonomy.</summary>
        public IReadOnlyDictionary<int, int[]> TaughtBy(SkillSpace space)
        {
            if (_lookup is { } lookup && ReferenceEquals(lookup.Space, space))
            {
                return lookup.TaughtBy;
            }

            var taughtBy = new Dictionary<int, List<int>>();
            for (var m = 0; m < modules.Length; m++)
            {
                foreach (var id in modules[m].Skills)
                {
                    if (space.Skill(id) is int skill)
                    {
                        (taughtBy.TryGetValue(skill, out var list) ? list : taughtBy[skill] = []).Add(m);
                    }
                }
            }

            var built = taughtBy.ToDictionary(p => p.Key, p => p.Value.ToArray());
            _lookup = new Lookup(space, built);
            return built;
        }
    }

    sealed class ModuleRow
    {
        public Guid Id { get; init; }
        public string TitleNl { get; init; } = "";
        public string TitleEn { get; init; } = "";
        public string Provider { get; init; } = "";
        public string Kind { get; init; } = "";
        public int DurationHours { get; init; }
        public Guid[] Skills { get; init; } = [];
    }

    volatile Loaded? _loaded;
    long _changes;

    public async ValueTask<Loaded> GetAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (_loaded is { } held)
        {
            return held;
        }

        var changes = Interlocked.Read(ref _changes);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ModuleRow>(new CommandDefinition("""
            select m.training_module_id as id, m.title_nl, m.title_en, m.provider, m.kind, m.duration_hours,
                   array_agg(ms.skill_id order by ms.skill_id) as skills
            from training_module m join training_module_skill ms on ms.training_module_id = m.training_module_id
            group by m.training_module_id
            order by m.code
            """, cancellationToken: ct));
        var loaded = new Loaded(rows.Select(r => new Module(r.Id, r.TitleNl, r.TitleEn, r.Provider, r.Kind, r.DurationHours, r.Skills)).ToArray());
        if (Interlocked.Read(ref _changes) == changes)
        {
            _loaded = loaded;
            // A change counted while storing must not leave this copy behind.
            if (Interlocked.Read(ref _changes) != changes)
            {
                _loaded = null;
            }
        }

        return loaded;
    }

    /// <summary>The catalogue changed, or changes may have been missed.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _changes);
        _loaded = null;
    }
}
