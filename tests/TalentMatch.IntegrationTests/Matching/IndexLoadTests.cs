using Npgsql;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Features.Matching;

namespace TalentMatch.IntegrationTests.Matching;

/// <summary>The start-up load (two parallel COPY streams, merged) must give exactly what the row-by-row read gives.</summary>
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

        await using var read = await dataSource.OpenConnectionAsync();
        var (space, _, _) = await MatchingSource.LoadSpaceAsync(read, CancellationToken.None);
        var expected = new Dictionary<Guid, (Opening Opening, OpeningCard Card)>();
        await foreach (var row in MatchingSource.ReadOpeningsAsync(read, space, null, CancellationToken.None))
        {
            expected.Add(row.Opening.Id, row);
        }

        var (openings, cards) = await MatchingSource.LoadOpeningsAsync(dataSource, space, CancellationToken.None);

        Assert.True(expected.Count >= 301, $"expected the test's openings, found {expected.Count}");
        Assert.Equal(expected.Count, openings.Count);
        Assert.Equal(openings.Select(o => o.Id), cards.Select(c => c.Id));
        for (var i = 0; i < openings.Count; i++)
        {
            var (opening, card) = expected[openings[i].Id];
            Assert.Equal(Describe(opening), Describe(openings[i]));
            Assert.Equal(card, cards[i]);
        }

        Assert.DoesNotContain(openings, o => o.Id == closed || o.Id == withoutSkills);
        Assert.True(openings.Single(o => o.Id == internship) is { IsInternship: true, StartsOn: > 0 });
        Assert.Contains(openings, o => o.Occupation >= 0 && o.ClosesOn > 0 && o.Skills.Length > 1);
    }
}
