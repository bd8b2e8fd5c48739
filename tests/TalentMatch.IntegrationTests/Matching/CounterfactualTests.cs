using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Matching;

/// <summary>
/// Counterfactual fairness checks: what is not a skill, level, education, hours, region or availability (a display
/// name, an e-mail address, where a skill was learnt, the sectors and occupations someone wants) never moves anyone
/// in a ranking, in either direction: not the openings shown to the person, nor the person among a vacancy's candidates.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class CounterfactualTests(DatabaseFixture fixture)
{
    sealed record Profile(string DisplayName, string Evidence, string[] WantedSectors, Guid[] WantedOccupations, int EssentialSkillLevel, bool SkillsReversed);

    [Fact]
    public async Task Nothing_but_skills_levels_education_hours_region_and_availability_changes_a_ranking_or_a_score()
    {
        var taxonomy = new TestTaxonomy();
        var skills = Enumerable.Range(1, 4).Select(i => taxonomy.Skill($"cf skill {i}", $"cf vaardigheid {i}")).ToArray();
        var occupations = Enumerable.Range(0, 2).Select(i => taxonomy.Occupation($"cf occupation {i}", $"cf beroep {i}", [skills[i], skills[i + 1]], [skills[3]])).ToArray();
        await taxonomy.SaveAsync(fixture.App);
        var admin = await fixture.App.ClientAsync(Role.Admin);
        var organisation = (await (await admin.PostAsJsonAsync("/api/employers", new { name = "Counterfactual BV" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var vacancies = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            // Half the vacancies name an occupation the person can say they want, so a wish that counted would show.
            var response = await admin.PostAsJsonAsync("/api/vacancies", new
            {
                employerId = organisation, title = $"Vacature {i}", occupationId = i % 2 == 0 ? occupations[0] : (Guid?)null, educationLevel = "mbo2", postcode = "2312",
                hoursPerWeek = 32 + i, contractType = "permanent",
                skills = skills.Take(i + 1).Select((s, k) => new { skillId = s, importance = k == 0 ? "essential" : "optional", minLevel = k == 0 ? 3 : 1 + (k % 3) }).ToArray(),
            });
            response.EnsureSuccessStatusCode();
            vacancies.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        object Body(Profile p)
        {
            var held = new[] { new { skillId = skills[0], level = p.EssentialSkillLevel, evidence = p.Evidence }, new { skillId = skills[1], level = 2, evidence = p.Evidence },
                new { skillId = skills[3], level = 4, evidence = p.Evidence } };
            return new
            {
                displayName = p.DisplayName, educationLevel = "mbo3", postcode = "2311", hoursPerWeek = 36, availableFrom = "2026-03-01", visibility = "employers-anonymous",
                wantedSectors = p.WantedSectors, wantedOccupations = p.WantedOccupations, skills = p.SkillsReversed ? held.Reverse().ToArray() : held,
            };
        }

        var baseline = new Profile("Anna de Jong", "work", [], [], 3, false);
        var (anna, annaAccount) = await fixture.App.SignUpAsync();
        var (mohammed, mohammedAccount) = await fixture.App.SignUpAsync();
        Assert.NotEqual(annaAccount.Email, mohammedAccount.Email);
        var annaProfile = (await (await anna.PostAsJsonAsync("/api/profiles", Body(baseline))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var mohammedProfile = (await (await mohammed.PostAsJsonAsync("/api/profiles", Body(baseline with { DisplayName = "Mohammed El Amrani" })))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var coach = await fixture.App.ClientAsync(Role.Coach);

        async Task<List<(Guid, int, float)>> OpeningsAsync(HttpClient client, Guid profile) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/profiles/{profile}/matches?take=100")).GetProperty("items").EnumerateArray()
            .Where(m => vacancies.Contains(m.GetProperty("id").GetGuid()))
            .Select(m => (m.GetProperty("id").GetGuid(), m.GetProperty("rank").GetInt32(), m.GetProperty("score").GetSingle())).ToList();

        // Per vacancy, how many candidates score above Anna, and her score. Not her rank: among equal scores the order
        // follows when profiles were saved, so re-saving an unchanged profile may reorder a tie.
        async Task<List<(Guid, int, float)>> AnnaAsCandidateAsync()
        {
            var places = new List<(Guid, int, float)>();
            foreach (var vacancy in vacancies)
            {
                var candidates = (await coach.GetFromJsonAsync<JsonElement>($"/api/vacancies/{vacancy}/candidates?take=200")).GetProperty("items").EnumerateArray()
                    .Select(c => (Id: c.GetProperty("profileId").GetGuid(), Score: c.GetProperty("score").GetSingle())).ToList();
                var anna = candidates.Where(c => c.Id == annaProfile).Select(c => (float?)c.Score).SingleOrDefault();
                places.Add(anna is { } score ? (vacancy, candidates.Count(c => c.Score > score), score) : (vacancy, -1, float.NaN));
            }

            return places;
        }

        var clock = Stopwatch.StartNew();
        while ((await OpeningsAsync(anna, annaProfile)).Count < vacancies.Count || (await AnnaAsCandidateAsync()).Any(p => p.Item2 < 0))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the vacancies or the profile never reached matching");
            await Task.Delay(20);
        }

        var annasOpenings = await OpeningsAsync(anna, annaProfile);
        var annaAsCandidate = await AnnaAsCandidateAsync();
        Assert.Equal(annasOpenings, await OpeningsAsync(mohammed, mohammedProfile));
        foreach (var vacancy in vacancies)
        {
            var candidates = (await coach.GetFromJsonAsync<JsonElement>($"/api/vacancies/{vacancy}/candidates?take=200")).GetProperty("items").EnumerateArray()
                .ToDictionary(c => c.GetProperty("profileId").GetGuid(), c => c.GetProperty("score").GetSingle());
            Assert.Equal(candidates[annaProfile], candidates[mohammedProfile]);
        }

        var changes = new (string Field, Profile Profile)[]
        {
            ("displayName", baseline with { DisplayName = "A. de Jong-Bakker" }),
            ("evidence", baseline with { Evidence = "hobby" }),
            ("wantedSectors", baseline with { WantedSectors = ["care", "ict"] }),
            ("wantedOccupations", baseline with { WantedOccupations = [occupations[0], occupations[1]] }),
            ("skills in another order", baseline with { SkillsReversed = true }),
        };
        foreach (var (field, changed) in changes)
        {
            (await anna.PutAsJsonAsync($"/api/profiles/{annaProfile}", Body(changed))).EnsureSuccessStatusCode();
            // Matching applies a saved profile within a second; anything that could move would have moved by then.
            await Task.Delay(1100);
            Assert.True(annasOpenings.SequenceEqual(await OpeningsAsync(anna, annaProfile)), $"changing {field} moved the openings shown to the person");
            Assert.True(annaAsCandidate.SequenceEqual(await AnnaAsCandidateAsync()), $"changing {field} moved the person among a vacancy's candidates");
            (await anna.PutAsJsonAsync($"/api/profiles/{annaProfile}", Body(baseline))).EnsureSuccessStatusCode();
        }

        // The e-mail address is the account's, not the profile's: no form changes it, so change it where it is stored.
        await using (var connection = await fixture.App.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(1, await connection.ExecuteAsync("update account set email = @email where account_id = @id",
                new { email = $"changed-{Guid.NewGuid():N}@example.nl", id = annaAccount.Id }));
        }

        await Task.Delay(1100);
        Assert.Equal(annasOpenings, await OpeningsAsync(anna, annaProfile));
        Assert.Equal(annaAsCandidate, await AnnaAsCandidateAsync());

        // The test can fail: a level is one of the things that may move a ranking, and one below the level asked does.
        (await anna.PutAsJsonAsync($"/api/profiles/{annaProfile}", Body(baseline with { EssentialSkillLevel = 2 }))).EnsureSuccessStatusCode();
        clock.Restart();
        while (annaAsCandidate.SequenceEqual(await AnnaAsCandidateAsync()))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "a level below the one asked for an essential skill never changed the person's place or score among the candidates");
            await Task.Delay(20);
        }

        Assert.NotEqual(annasOpenings, await OpeningsAsync(anna, annaProfile));
    }
}
