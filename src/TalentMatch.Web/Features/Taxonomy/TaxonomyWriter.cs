using Npgsql;
using NpgsqlTypes;

namespace TalentMatch.Web.Features.Taxonomy;

/// <summary>
/// Merges a <see cref="Taxonomy"/> into the database in one transaction: binary COPY into temporary
/// tables, then set-based upserts that touch only rows whose values differ. Running the same import
/// twice therefore changes nothing, and a failed import leaves the previous taxonomy in place.
/// </summary>
public static class TaxonomyWriter
{
    public static async Task<TaxonomyChanges> WriteAsync(NpgsqlDataSource dataSource, Taxonomy taxonomy, Action<string>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        progress?.Invoke("staging rows with binary COPY");
        await ExecuteAsync(connection, StagingTablesSql, cancellationToken);
        await CopyAsync(connection, taxonomy, cancellationToken);

        var esco = taxonomy.Source == "esco";
        long changed = 0;
        foreach (var (step, sql) in MergeSteps(esco))
        {
            progress?.Invoke(step);
            changed += await ExecuteAsync(connection, sql.Replace("@source", $"'{taxonomy.Source}'", StringComparison.Ordinal), cancellationToken);
        }

        if (changed > 0)
        {
            // Label search compares this version on every query; matching rebuilds on the notification (sent at commit).
            await ExecuteAsync(connection, """
                insert into app_state (key, value) values ('taxonomy_version', gen_random_uuid()::text)
                on conflict (key) do update set value = excluded.value, updated_at = now();
                notify talentmatch_changes, 'taxonomy';
                """, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (changed > 0)
        {
            // Fresh planner statistics for the joins that read the taxonomy after a bulk load.
            await ExecuteAsync(connection, "vacuum (analyze) skill, skill_label, occupation, occupation_label, occupation_skill", cancellationToken);
        }

        return new TaxonomyChanges(taxonomy.Source, taxonomy.Skills.Count, taxonomy.Occupations.Count, taxonomy.OccupationSkills.Count, changed, taxonomy.Skipped);
    }

    static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    const string StagingTablesSql = """
        create temporary table staged_skill (like skill) on commit drop;
        create temporary table staged_skill_label (like skill_label) on commit drop;
        create temporary table staged_skill_group (like skill_group) on commit drop;
        create temporary table staged_skill_group_broader (like skill_group_broader) on commit drop;
        create temporary table staged_skill_in_group (like skill_in_group) on commit drop;
        create temporary table staged_skill_broader_skill (like skill_broader_skill) on commit drop;
        create temporary table staged_skill_relation (like skill_relation) on commit drop;
        create temporary table staged_occupation (like occupation) on commit drop;
        create temporary table staged_occupation_label (like occupation_label) on commit drop;
        create temporary table staged_occupation_skill (like occupation_skill) on commit drop;
        """;

    static async Task CopyAsync(NpgsqlConnection connection, Taxonomy t, CancellationToken ct)
    {
        await Copy(connection, "staged_skill (skill_id, esco_uri, code, skill_type, reuse_level, label_en, label_nl, description_en, description_nl)", t.Skills, (w, r) =>
        {
            w.Write(r.Id, NpgsqlDbType.Uuid);
            Text(w, r.EscoUri);
            Text(w, r.Code);
            Text(w, r.SkillType);
            Text(w, r.ReuseLevel);
            Text(w, r.LabelEn);
            Text(w, r.LabelNl);
            Text(w, r.DescriptionEn);
            Text(w, r.DescriptionNl);
        }, ct);
        await Copy(connection, "staged_skill_label (skill_id, lang, label, kind, source)", t.SkillLabels, (w, r) => Label(w, r, t.Source), ct);
        await Copy(connection, "staged_skill_group (skill_group_id, uri, code, label_en, label_nl)", t.SkillGroups, (w, r) =>
        {
            w.Write(r.Id, NpgsqlDbType.Uuid);
            Text(w, r.Uri);
            Text(w, r.Code);
            Text(w, r.LabelEn);
            Text(w, r.LabelNl);
        }, ct);
        await Copy(connection, "staged_skill_group_broader (skill_group_id, broader_group_id)", t.GroupBroader, (w, r) => Pair(w, r.Group, r.Broader), ct);
        await Copy(connection, "staged_skill_in_group (skill_id, skill_group_id)", t.SkillInGroup, (w, r) => Pair(w, r.Skill, r.Group), ct);
        await Copy(connection, "staged_skill_broader_skill (skill_id, broader_skill_id)", t.SkillBroader, (w, r) => Pair(w, r.Skill, r.Broader), ct);
        await Copy(connection, "staged_skill_relation (skill_id, related_skill_id, relation)", t.SkillRelations, (w, r) =>
        {
            Pair(w, r.Skill, r.Related);
            Text(w, r.Relation);
        }, ct);
        await Copy(connection, "staged_occupation (occupation_id, esco_uri, code, isco_code, label_en, label_nl, description_en, sector)", t.Occupations, (w, r) =>
        {
            w.Write(r.Id, NpgsqlDbType.Uuid);
            Text(w, r.EscoUri);
            Text(w, r.Code);
            Text(w, r.IscoCode);
            Text(w, r.LabelEn);
            Text(w, r.LabelNl);
            Text(w, r.DescriptionEn);
            Text(w, r.Sector);
        }, ct);
        await Copy(connection, "staged_occupation_label (occupation_id, lang, label, kind, source)", t.OccupationLabels, (w, r) => Label(w, r, t.Source), ct);
        await Copy(connection, "staged_occupation_skill (occupation_id, skill_id, relation)", t.OccupationSkills, (w, r) =>
        {
            Pair(w, r.Occupation, r.Skill);
            Text(w, r.Relation);
        }, ct);
        await ExecuteAsync(connection, "analyze staged_skill; analyze staged_skill_label; analyze staged_occupation; analyze staged_occupation_skill;", ct);
    }

    static async Task Copy<T>(NpgsqlConnection connection, string target, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"copy {target} from stdin (format binary)", ct);
        foreach (var row in rows)
        {
            importer.StartRow();
            write(importer, row);
        }

        await importer.CompleteAsync(ct);
    }

    static void Label(NpgsqlBinaryImporter w, LabelRow r, string source)
    {
        w.Write(r.ConceptId, NpgsqlDbType.Uuid);
        Text(w, r.Lang);
        Text(w, r.Label);
        Text(w, r.Kind);
        Text(w, source);
    }

    static void Pair(NpgsqlBinaryImporter w, Guid a, Guid b)
    {
        w.Write(a, NpgsqlDbType.Uuid);
        w.Write(b, NpgsqlDbType.Uuid);
    }

    static void Text(NpgsqlBinaryImporter w, string? value)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(value, NpgsqlDbType.Text);
        }
    }

    /// <summary>
    /// ESCO is authoritative for its own concepts' English fields; Dutch labels keep what we had where ESCO
    /// has none. The seed only fills in what is missing, so it never overwrites an imported ESCO concept.
    /// Relations an ESCO re-import no longer has are removed, but only between ESCO concepts.
    /// </summary>
    static IEnumerable<(string Step, string Sql)> MergeSteps(bool esco)
    {
        yield return ("skills", esco
            ? """
              insert into skill as s (skill_id, esco_uri, code, skill_type, reuse_level, label_en, label_nl, description_en, description_nl)
              select skill_id, esco_uri, code, skill_type, reuse_level, label_en, label_nl, description_en, description_nl from staged_skill
              on conflict (skill_id) do update set
                  esco_uri = excluded.esco_uri, skill_type = excluded.skill_type, reuse_level = excluded.reuse_level,
                  label_en = excluded.label_en, label_nl = coalesce(excluded.label_nl, s.label_nl),
                  description_en = excluded.description_en, description_nl = coalesce(excluded.description_nl, s.description_nl)
              where (s.esco_uri, s.skill_type, s.reuse_level, s.label_en, s.label_nl, s.description_en, s.description_nl)
                  is distinct from (excluded.esco_uri, excluded.skill_type, excluded.reuse_level, excluded.label_en,
                  coalesce(excluded.label_nl, s.label_nl), excluded.description_en, coalesce(excluded.description_nl, s.description_nl))
              """
            : """
              insert into skill as s (skill_id, esco_uri, code, skill_type, reuse_level, label_en, label_nl, description_en, description_nl)
              select skill_id, esco_uri, code, skill_type, reuse_level, label_en, label_nl, description_en, description_nl from staged_skill
              on conflict (skill_id) do update set
                  code = excluded.code, label_nl = coalesce(s.label_nl, excluded.label_nl),
                  skill_type = coalesce(s.skill_type, excluded.skill_type), reuse_level = coalesce(s.reuse_level, excluded.reuse_level)
              where (s.code, s.label_nl, s.skill_type, s.reuse_level) is distinct from
                  (excluded.code, coalesce(s.label_nl, excluded.label_nl), coalesce(s.skill_type, excluded.skill_type), coalesce(s.reuse_level, excluded.reuse_level))
              """);

        yield return ("skill labels", """
            delete from skill_label l
            using staged_skill s
            where l.skill_id = s.skill_id and l.source = @source
              and not exists (select 1 from staged_skill_label n where n.skill_id = l.skill_id and n.lang = l.lang and n.label = l.label);
            update skill_label l set kind = n.kind
            from staged_skill_label n
            where l.skill_id = n.skill_id and l.lang = n.lang and l.label = n.label and l.source = @source
              and l.kind <> n.kind;
            insert into skill_label (skill_id, lang, label, kind, source)
            select skill_id, lang, label, kind, source from staged_skill_label
            on conflict do nothing;
            """);

        yield return ("skill groups", """
            insert into skill_group as g (skill_group_id, uri, code, label_en, label_nl)
            select skill_group_id, uri, code, label_en, label_nl from staged_skill_group
            on conflict (skill_group_id) do update set code = excluded.code, label_en = excluded.label_en, label_nl = coalesce(excluded.label_nl, g.label_nl)
            where (g.code, g.label_en, g.label_nl) is distinct from (excluded.code, excluded.label_en, coalesce(excluded.label_nl, g.label_nl));
            insert into skill_group_broader select * from staged_skill_group_broader on conflict do nothing;
            insert into skill_in_group select * from staged_skill_in_group on conflict do nothing;
            insert into skill_broader_skill select * from staged_skill_broader_skill on conflict do nothing;
            insert into skill_relation as r select * from staged_skill_relation
            on conflict (skill_id, related_skill_id) do update set relation = excluded.relation where r.relation <> excluded.relation;
            """);

        yield return ("occupations", esco
            ? """
              insert into occupation as o (occupation_id, esco_uri, code, isco_code, label_en, label_nl, description_en, sector)
              select occupation_id, esco_uri, code, isco_code, label_en, label_nl, description_en, sector from staged_occupation
              on conflict (occupation_id) do update set
                  esco_uri = excluded.esco_uri, isco_code = excluded.isco_code, label_en = excluded.label_en,
                  label_nl = coalesce(excluded.label_nl, o.label_nl), description_en = excluded.description_en
              where (o.esco_uri, o.isco_code, o.label_en, o.label_nl, o.description_en) is distinct from
                  (excluded.esco_uri, excluded.isco_code, excluded.label_en, coalesce(excluded.label_nl, o.label_nl), excluded.description_en)
              """
            : """
              insert into occupation as o (occupation_id, esco_uri, code, isco_code, label_en, label_nl, description_en, sector)
              select occupation_id, esco_uri, code, isco_code, label_en, label_nl, description_en, sector from staged_occupation
              on conflict (occupation_id) do update set
                  code = excluded.code, sector = excluded.sector, label_nl = coalesce(o.label_nl, excluded.label_nl)
              where (o.code, o.sector, o.label_nl) is distinct from (excluded.code, excluded.sector, coalesce(o.label_nl, excluded.label_nl))
              """);

        yield return ("occupation labels", """
            delete from occupation_label l
            using staged_occupation o
            where l.occupation_id = o.occupation_id and l.source = @source
              and not exists (select 1 from staged_occupation_label n where n.occupation_id = l.occupation_id and n.lang = l.lang and n.label = l.label);
            update occupation_label l set kind = n.kind
            from staged_occupation_label n
            where l.occupation_id = n.occupation_id and l.lang = n.lang and l.label = n.label and l.source = @source
              and l.kind <> n.kind;
            insert into occupation_label (occupation_id, lang, label, kind, source)
            select occupation_id, lang, label, kind, source from staged_occupation_label
            on conflict do nothing;
            """);

        if (esco)
        {
            yield return ("removing links ESCO no longer has", """
                delete from occupation_skill l
                using staged_occupation o, staged_skill s
                where l.occupation_id = o.occupation_id and l.skill_id = s.skill_id
                  and not exists (select 1 from staged_occupation_skill n where n.occupation_id = l.occupation_id and n.skill_id = l.skill_id);
                delete from skill_relation l
                using staged_skill a, staged_skill b
                where l.skill_id = a.skill_id and l.related_skill_id = b.skill_id
                  and not exists (select 1 from staged_skill_relation n where n.skill_id = l.skill_id and n.related_skill_id = l.related_skill_id);
                """);
        }

        yield return ("occupation-skill links", esco
            ? """
              insert into occupation_skill as l (occupation_id, skill_id, relation)
              select occupation_id, skill_id, relation from staged_occupation_skill
              on conflict (occupation_id, skill_id) do update set relation = excluded.relation where l.relation <> excluded.relation
              """
            : """
              insert into occupation_skill (occupation_id, skill_id, relation)
              select occupation_id, skill_id, relation from staged_occupation_skill
              on conflict do nothing
              """);
    }
}
