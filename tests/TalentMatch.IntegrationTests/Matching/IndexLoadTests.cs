using Npgsql;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Features.Matching;

namespace TalentMatch.IntegrationTests.Matching;

/// <summary>The start-up load (packed skills, streamed in parts) must give exactly what the row-by-row read of vacancy_skill gives.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class IndexLoadTests(DatabaseFixture fixture)
{
    static string Describe(Opening o) =>
        $"{o.IsInternship}|{string.Join(',', o.Skills)}|{string.Join(',', o.MinLevels)}|{string.Join(',', o.Essential)}|{o.Education}|{o.Postcode}|{o.HoursPerWeek}|{o.Occupation}|{o.StartsOn}|{o.ClosesOn}";

    [Fact]
    public async Task The_start_up_load_reads_every_open_opening_exactly_as_the_row_by_row_read()
    {
        var taxonomy = new TestTaxonomy();
        var skills = Enumerable.Range(0, 8).Select(i => taxonomy.Skill($"load skill {i}", $"laadvaardigheid {i}")).ToArray();
        var occupation = taxonomy.Occupation("load occupation", "laadberoep", skills[..3], skills[3..5]);
        await taxonomy.SaveAsync(fixture.App);
        var dataSource = fixture.App.DataSource;
        var (employer, closed, withoutSkills, internship) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var insert = new NpgsqlCommand("""
            insert into employer (employer_id, name) values (@employer, 'Laadtest BV');
            -- Random ids, so the two streams' order (PostgreSQL's uuid order) is really exercised.
            insert into vacancy (vacancy_id, kind, employer_id, title, education_level, postcode, hours_per_week, contract_type, occupation_id, closing_date)
            select gen_random_uuid(), 'job', @employer, 'Laadtest ' || n, 'mbo3', (1000 + n)::text, 1 + n % 40, 'permanent',
                   case when n % 2 = 0 then @occupation end, case when n % 5 = 0 then date '2031-01-01' + n end
            from generate_series(1, 300) n;
            insert into vacancy_skill (vacancy_id, skill_id, importance, min_level)
            select v.vacancy_id, s.skill_id, case when s.n % 2 = 0 then 'essential' else 'optional' end, 1 + s.n % 4
            from vacancy v
            cross join lateral unnest(@skills) with ordinality s(skill_id, n)
            where v.employer_id = @employer and (hashtext(v.vacancy_id::text || s.skill_id::text) & 3) <> 0;
            insert into vacancy (vacancy_id, kind, employer_id, title, education_level, postcode, hours_per_week, contract_type, status)
            values (@closed, 'job', @employer, 'Gesloten', 'mbo2', '2311', 36, 'permanent', 'closed'),
                   (@withoutSkills, 'job', @employer, 'Zonder vaardigheden', 'mbo2', '2311', 36, 'permanent', 'open');
            insert into vacancy_skill (vacancy_id, skill_id, importance, min_level) values (@closed, @skill, 'essential', 2);
            insert into vacancy (vacancy_id, kind, employer_id, title, education_level, postcode, hours_per_week)
            values (@internship, 'internship', @employer, 'Stage', 'mbo2', '2312', 24);
            insert into internship_place (vacancy_id, programme_kind, programme_code, programme_level, period_start, period_end, places)
            values (@internship, 'crebo', '25123', 'mbo2', date '2031-02-01', date '2031-07-01', 2);
            insert into vacancy_skill (vacancy_id, skill_id, importance, min_level) values (@internship, @skill, 'essential', 2);
            """, connection))
        {
            insert.Parameters.AddWithValue("employer", employer);
            insert.Parameters.AddWithValue("occupation", occupation);
            insert.Parameters.AddWithValue("skills", skills);
            insert.Parameters.AddWithValue("skill", skills[0]);
            insert.Parameters.AddWithValue("closed", closed);
            insert.Parameters.AddWithValue("withoutSkills", withoutSkills);
            insert.Parameters.AddWithValue("internship", internship);
            await insert.ExecuteNonQueryAsync();
        }

        var (space, openings) = await AssertStartUpLoadEqualsRowByRowAsync(dataSource);
        Assert.DoesNotContain(openings, o => o.Id == closed || o.Id == withoutSkills);
        Assert.True(openings.Single(o => o.Id == internship) is { IsInternship: true, StartsOn: > 0 });
        Assert.Contains(openings, o => o.Occupation >= 0 && o.ClosesOn > 0 && o.Skills.Length > 1);

        // Skill rows changed in place, removed one by one and all at once, as other writers than the app may do:
        // the packed skills the start-up load reads must follow every change.
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var change = new NpgsqlCommand("""
            update vacancy_skill set min_level = 5 - min_level, importance = case importance when 'essential' then 'optional' else 'essential' end
            where skill_id = @first and vacancy_id in (select vacancy_id from vacancy where employer_id = @employer);
            delete from vacancy_skill where skill_id = @second and vacancy_id in (select vacancy_id from vacancy where employer_id = @employer);
            delete from vacancy_skill where vacancy_id = (select vacancy_id from vacancy where employer_id = @employer and title = 'Laadtest 7');
            update vacancy_skill set skill_id = @last where vacancy_id = @internship;
            """, connection))
        {
            change.Parameters.AddWithValue("employer", employer);
            change.Parameters.AddWithValue("first", skills[0]);
            change.Parameters.AddWithValue("second", skills[1]);
            change.Parameters.AddWithValue("last", skills[7]);
            change.Parameters.AddWithValue("internship", internship);
            Assert.True(await change.ExecuteNonQueryAsync() > 100);
        }

        (_, openings) = await AssertStartUpLoadEqualsRowByRowAsync(dataSource);
        var seventh = await Scalar<Guid>(dataSource, "select vacancy_id from vacancy where employer_id = @employer and title = 'Laadtest 7'", ("employer", employer));
        Assert.DoesNotContain(openings, o => o.Id == seventh);
        Assert.Equal([space.Skill(skills[7])!.Value], openings.Single(o => o.Id == internship).Skills);
        Assert.DoesNotContain(openings, o => o.Skills.Contains(space.Skill(skills[1])!.Value));
    }

    [Fact]
    public async Task Two_writers_adding_skills_to_one_vacancy_at_the_same_time_both_reach_the_packed_skills()
    {
        var taxonomy = new TestTaxonomy();
        var (first, second) = (taxonomy.Skill("concurrent skill a", "gelijktijdig a"), taxonomy.Skill("concurrent skill b", "gelijktijdig b"));
        await taxonomy.SaveAsync(fixture.App);
        var dataSource = fixture.App.DataSource;
        var (employer, vacancy) = (Guid.NewGuid(), Guid.NewGuid());
        await Execute(dataSource, """
            insert into employer (employer_id, name) values (@employer, 'Gelijktijdig BV');
            insert into vacancy (vacancy_id, kind, employer_id, title, education_level, postcode, hours_per_week, contract_type)
            values (@vacancy, 'job', @employer, 'Gelijktijdig', 'mbo3', '2311', 32, 'permanent');
            """, ("employer", employer), ("vacancy", vacancy));

        await using var one = await dataSource.OpenConnectionAsync();
        await using var two = await dataSource.OpenConnectionAsync();
        await using var oneTransaction = await one.BeginTransactionAsync();
        await using var twoTransaction = await two.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("insert into vacancy_skill values (@vacancy, @skill, 'essential', 2)", one, oneTransaction))
        {
            insert.Parameters.AddWithValue("vacancy", vacancy);
            insert.Parameters.AddWithValue("skill", first);
            await insert.ExecuteNonQueryAsync();
        }

        await using var secondInsert = new NpgsqlCommand("insert into vacancy_skill values (@vacancy, @skill, 'optional', 3)", two, twoTransaction);
        secondInsert.Parameters.AddWithValue("vacancy", vacancy);
        secondInsert.Parameters.AddWithValue("skill", second);
        var waiting = secondInsert.ExecuteNonQueryAsync();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the second writer should wait for the first one's lock on the vacancy");
        await oneTransaction.CommitAsync();
        await waiting;
        await twoTransaction.CommitAsync();

        var packed = await Scalar<byte[]>(dataSource, "select skill_set from vacancy where vacancy_id = @vacancy", ("vacancy", vacancy));
        var expected = await Scalar<byte[]>(dataSource, """
            select string_agg(uuid_send(skill_id) || set_byte(set_byte('\x0000'::bytea, 0, min_level), 1, (importance = 'essential')::int), ''::bytea order by skill_id)
            from vacancy_skill where vacancy_id = @vacancy
            """, ("vacancy", vacancy));
        Assert.Equal(36, packed.Length);
        Assert.Equal(expected, packed);
    }

    [Fact]
    public async Task Bulk_statements_of_more_than_a_thousand_skill_rows_pack_every_vacancy_as_its_rows_say()
    {
        var taxonomy = new TestTaxonomy();
        var skills = Enumerable.Range(0, 8).Select(i => taxonomy.Skill($"bulk skill {i}", $"bulkvaardigheid {i}")).ToArray();
        await taxonomy.SaveAsync(fixture.App);
        var dataSource = fixture.App.DataSource;
        var employer = Guid.NewGuid();
        // 150 vacancies with 8 skills each: every statement below changes more than a thousand skill rows, which
        // takes the set-based path of migration 0131 rather than the one a single save takes.
        await Execute(dataSource, """
            insert into employer (employer_id, name) values (@employer, 'Bulk BV');
            insert into vacancy (vacancy_id, kind, employer_id, title, education_level, postcode, hours_per_week, contract_type)
            select gen_random_uuid(), 'job', @employer, 'Bulk ' || n, 'mbo3', '2311', 32, 'permanent' from generate_series(1, 150) n;
            insert into vacancy_skill (vacancy_id, skill_id, importance, min_level)
            select v.vacancy_id, s.skill_id, case when s.n % 2 = 0 then 'essential' else 'optional' end, 1 + s.n % 4
            from vacancy v cross join lateral unnest(@skills) with ordinality s(skill_id, n)
            where v.employer_id = @employer;
            update vacancy_skill set min_level = 5 - min_level, importance = case importance when 'essential' then 'optional' else 'essential' end
            where vacancy_id in (select vacancy_id from vacancy where employer_id = @employer);
            delete from vacancy_skill
            where vacancy_id in (select vacancy_id from vacancy where employer_id = @employer and substr(title, 6)::int <= 130);
            """, ("employer", employer), ("skills", skills));

        var wrong = await Scalar<long>(dataSource, """
            select count(*) from vacancy v
            where v.employer_id = @employer
              and v.skill_set is distinct from (
                  select string_agg(uuid_send(skill_id) || set_byte(set_byte('\x0000'::bytea, 0, min_level), 1, (importance = 'essential')::int), ''::bytea order by skill_id)
                  from vacancy_skill s where s.vacancy_id = v.vacancy_id)
            """, ("employer", employer));
        var withoutSkills = await Scalar<long>(dataSource, "select count(*) from vacancy where employer_id = @employer and skill_set is null", ("employer", employer));
        var changedLevels = await Scalar<long>(dataSource, """
            select count(*) from vacancy_skill s join vacancy v using (vacancy_id)
            where v.employer_id = @employer and s.importance = 'optional' and s.min_level = 4
            """, ("employer", employer));
        Assert.Equal(0, wrong);
        Assert.Equal(130, withoutSkills);
        Assert.Equal(20 * 2, changedLevels);
    }

    /// <summary>The start-up load (each number of parts) against the row-by-row read of vacancy_skill, the source of truth.</summary>
    static async Task<(SkillSpace Space, List<Opening> Openings)> AssertStartUpLoadEqualsRowByRowAsync(NpgsqlDataSource dataSource)
    {
        await using var read = await dataSource.OpenConnectionAsync();
        var (space, _, _) = await MatchingSource.LoadSpaceAsync(read, CancellationToken.None);
        var expected = new Dictionary<Guid, (Opening Opening, OpeningCard Card)>();
        await foreach (var row in MatchingSource.ReadOpeningsAsync(read, space, null, CancellationToken.None))
        {
            expected.Add(row.Opening.Id, row);
        }

        Assert.True(expected.Count >= 300, $"expected the test's openings, found {expected.Count}");
        var loaded = new List<Opening>();
        // One part per core in production; more parts than blocks leave some ranges empty, which must lose nothing.
        foreach (var parts in new int?[] { null, 1, 2, 3, 7 })
        {
            var (openings, cards) = await MatchingSource.LoadOpeningsAsync(dataSource, space, CancellationToken.None, parts: parts);
            Assert.Equal(expected.Count, openings.Count);
            Assert.Equal(openings.Select(o => o.Id), cards.Select(c => c.Id));
            for (var i = 0; i < openings.Count; i++)
            {
                var (opening, card) = expected[openings[i].Id];
                Assert.Equal(Describe(opening), Describe(openings[i]));
                Assert.Equal(card, cards[i]);
            }

            loaded = openings;
        }

        return (space, loaded);
    }

    static async Task Execute(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    static async Task<T> Scalar<T>(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
