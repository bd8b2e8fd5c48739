using Dapper;
using Npgsql;
using TalentMatch.Matching.Model;

namespace TalentMatch.Web.Features.Matching;

/// <summary>What a match result shows about an opening without another database round trip.</summary>
public sealed record OpeningCard(Guid Id, string Kind, string Title, Guid EmployerId, string EmployerName, string Postcode);

/// <summary>
/// Reads the taxonomy, open openings and matchable people from PostgreSQL into matching's shapes.
/// The bulk loads stream rows (no buffering), so a million openings fit the start-up budget.
/// </summary>
public static class MatchingSource
{
    public static async Task<(SkillSpace Space, string[] LabelsNl, string[] LabelsEn)> LoadSpaceAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var skills = (await connection.QueryAsync<(Guid Id, string? Nl, string En)>(new CommandDefinition(
            "select skill_id, label_nl, label_en from skill order by skill_id", cancellationToken: ct))).AsList();
        var relations = (await connection.QueryAsync<(Guid, Guid)>(new CommandDefinition("""
            select skill_id, related_skill_id from skill_relation
            union all
            select skill_id, broader_skill_id from skill_broader_skill
            """, cancellationToken: ct))).AsList();
        var occupations = (await connection.QueryAsync<Guid>(new CommandDefinition("select occupation_id from occupation order by occupation_id", cancellationToken: ct))).AsList();
        var links = (await connection.QueryAsync<(Guid, Guid, bool)>(new CommandDefinition(
            "select occupation_id, skill_id, relation = 'essential' from occupation_skill", cancellationToken: ct))).AsList();
        var space = new SkillSpace(skills.Select(s => s.Id).ToList(), relations, occupations, links);
        return (space, skills.Select(s => s.Nl ?? s.En).ToArray(), skills.Select(s => s.En).ToArray());
    }

    const string OpeningsSql = """
        select v.vacancy_id, v.kind, v.title, v.employer_id, e.name, v.education_level, v.postcode, v.hours_per_week, v.occupation_id,
               i.period_start, v.closing_date,
               array_agg(vs.skill_id order by vs.skill_id), array_agg(vs.min_level order by vs.skill_id), array_agg(vs.importance = 'essential' order by vs.skill_id)
        from vacancy v
        join employer e on e.employer_id = v.employer_id
        join vacancy_skill vs on vs.vacancy_id = v.vacancy_id
        left join internship_place i on i.vacancy_id = v.vacancy_id
        where v.status = 'open' and (@id::uuid is null or v.vacancy_id = @id)
        group by v.vacancy_id, e.name, i.period_start
        """;

    /// <summary>All open openings, or just one (null when it is closed or gone).</summary>
    public static async IAsyncEnumerable<(Opening Opening, OpeningCard Card)> ReadOpeningsAsync(NpgsqlConnection connection, SkillSpace space, Guid? id,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(OpeningsSql, connection);
        command.Parameters.AddWithValue("id", NpgsqlTypes.NpgsqlDbType.Uuid, (object?)id ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (skills, levels, essential) = Align(space, reader.GetFieldValue<Guid[]>(11), reader.GetFieldValue<short[]>(12), reader.GetFieldValue<bool[]>(13));
            var occupation = reader.IsDBNull(8) ? -1 : space.Occupation(reader.GetGuid(8)) ?? -1;
            var opening = new Opening(reader.GetGuid(0), reader.GetString(1) == "internship", skills, levels, essential,
                EducationScale.Of(reader.GetString(5)), short.Parse(reader.GetString(6), System.Globalization.CultureInfo.InvariantCulture),
                (byte)reader.GetInt32(7), occupation, reader.IsDBNull(9) ? 0 : Days.Of(reader.GetFieldValue<DateOnly>(9)))
            {
                ClosesOn = reader.IsDBNull(10) ? 0 : Days.Of(reader.GetFieldValue<DateOnly>(10)),
            };
            yield return (opening, new OpeningCard(opening.Id, reader.GetString(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4), reader.GetString(6)));
        }
    }

    const string CandidatesSql = """
        select p.profile_id, p.education_level, p.postcode, p.hours_per_week, p.available_from, p.visibility,
               array_agg(ps.skill_id order by ps.skill_id), array_agg(ps.level order by ps.skill_id),
               coalesce((select array_agg(w.occupation_id) from profile_wanted_occupation w where w.profile_id = p.profile_id), '{}')
        from profile p
        join profile_skill ps on ps.profile_id = p.profile_id
        where (@id::uuid is null or p.profile_id = @id) and (@includePrivate or p.visibility <> 'private')
        group by p.profile_id
        """;

    /// <summary>People for matching; private profiles only when asked for one person's own matches.</summary>
    public static async IAsyncEnumerable<Candidate> ReadCandidatesAsync(NpgsqlConnection connection, SkillSpace space, Guid? id, bool includePrivate,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(CandidatesSql, connection);
        command.Parameters.AddWithValue("id", NpgsqlTypes.NpgsqlDbType.Uuid, (object?)id ?? DBNull.Value);
        command.Parameters.AddWithValue("includePrivate", includePrivate);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var skillIds = reader.GetFieldValue<Guid[]>(6);
            var (skills, levels, _) = Align(space, skillIds, reader.GetFieldValue<short[]>(7), new bool[skillIds.Length]);
            var wanted = reader.GetFieldValue<Guid[]>(8).Select(o => space.Occupation(o) ?? -1).Where(o => o >= 0).ToArray();
            yield return new Candidate(reader.GetGuid(0), skills, levels, EducationScale.Of(reader.GetString(1)),
                reader.IsDBNull(2) ? (short)0 : short.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(3) ? (byte)0 : (byte)reader.GetInt32(3), reader.IsDBNull(4) ? 0 : Days.Of(reader.GetFieldValue<DateOnly>(4)), wanted)
            {
                Visibility = reader.GetString(5) switch { "employers-anonymous" => 2, "coach" => 1, _ => 0 },
            };
        }
    }

    /// <summary>Maps skill ids to dense indexes, drops skills the space does not know, and sorts by index.</summary>
    static (int[] Skills, byte[] Levels, bool[] Flags) Align(SkillSpace space, Guid[] ids, short[] levels, bool[] flags)
    {
        var rows = new List<(int Skill, byte Level, bool Flag)>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (space.Skill(ids[i]) is int skill)
            {
                rows.Add((skill, (byte)levels[i], flags[i]));
            }
        }

        rows.Sort((a, b) => a.Skill.CompareTo(b.Skill));
        return (rows.Select(r => r.Skill).ToArray(), rows.Select(r => r.Level).ToArray(), rows.Select(r => r.Flag).ToArray());
    }
}
