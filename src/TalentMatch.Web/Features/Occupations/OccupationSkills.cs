using Dapper;
using Npgsql;

namespace TalentMatch.Web.Features.Occupations;

public sealed record SkillRef(Guid Id, string Label, string? EscoUri);

/// <summary>An occupation's essential and optional skills, so a person can start a profile from a job they know.</summary>
static class OccupationSkills
{
    const string Sql = """
        select os.occupation_id, os.relation, s.skill_id as id,
               case when @lang = 'nl' then coalesce(s.label_nl, s.label_en) else s.label_en end as label, s.esco_uri
        from occupation_skill os join skill s on s.skill_id = os.skill_id
        where os.occupation_id = any(@ids)
        order by os.occupation_id, os.relation, label
        """;

    sealed record Row(Guid OccupationId, string Relation, Guid Id, string Label, string? EscoUri);

    public static async Task<ILookup<(Guid Occupation, string Relation), SkillRef>> ForAsync(NpgsqlConnection connection, Guid[] occupationIds, string lang, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, new { ids = occupationIds, lang }, cancellationToken: cancellationToken));
        return rows.ToLookup(r => (r.OccupationId, r.Relation), r => new SkillRef(r.Id, r.Label, r.EscoUri));
    }
}
