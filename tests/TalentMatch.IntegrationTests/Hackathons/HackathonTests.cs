using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.IntegrationTests.Hackathons;

[Collection(DatabaseCollection.Name)]
public sealed class HackathonTests(DatabaseFixture fixture)
{
    readonly HttpClient _client = fixture.App.CreateClient(Role.Organiser);

    async Task<JsonElement> PostOkAsync(string path, object? body)
    {
        var response = await _client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    async Task<Guid> IdAsync(string path, object body) => (await PostOkAsync(path, body)).GetProperty("id").GetGuid();

    sealed record Skills(Guid Python, Guid Welding, Guid Safety, Guid Data);

    async Task<Skills> SkillsAsync()
    {
        var taxonomy = new TestTaxonomy();
        var skills = new Skills(taxonomy.Skill("h python", "h python programmeren"), taxonomy.Skill("h welding", "h lassen"),
            taxonomy.Skill("h safety", "h veiligheid"), taxonomy.Skill("h data analysis", "h data-analyse"));
        await taxonomy.SaveAsync(fixture.App);
        return skills;
    }

    Task<Guid> EventAsync(string kind = "hackathon", int minimum = 25) =>
        IdAsync("/api/events", new { name = "Techport Hackathon", kind, startsOn = "2026-03-13", endsOn = "2026-03-14", place = "Techport Centre, Heemskerk", minimumParticipants = minimum });

    Task<Guid> ChallengeAsync(Guid eventId, string company, object[] skills, int min = 2, int max = 3, int minStudents = 1, int minNonStudents = 1) =>
        IdAsync($"/api/events/{eventId}/challenges", new { company, question = $"Hoe maken we {company} slimmer?", skills, minTeamSize = min, maxTeamSize = max, minStudents, minNonStudents });

    Task<Guid> PersonAsync(Guid eventId, string name, string kind, Guid[] skills, Guid[] preferences, string? programme = null) =>
        IdAsync($"/api/events/{eventId}/participants", new { name, kind, programme, skills, preferences });

    [Fact]
    public async Task Forms_mixed_teams_explains_them_warns_about_low_registrations_and_keeps_locks_when_solving_again()
    {
        var s = await SkillsAsync();
        var hackathon = await EventAsync(minimum: 25);
        var tata = await ChallengeAsync(hackathon, "Staalfabriek", [new { skillId = s.Welding, weight = 2.0 }, new { skillId = s.Safety, weight = 1.0 }]);
        var port = await ChallengeAsync(hackathon, "Haven", [new { skillId = s.Python, weight = 1.0 }, new { skillId = s.Data, weight = 1.0 }]);
        var anna = await PersonAsync(hackathon, "Anna", "student", [s.Python, s.Data], [port, tata], programme: "hbo-ict");
        var bram = await PersonAsync(hackathon, "Bram", "student", [s.Welding], [tata]);
        var carla = await PersonAsync(hackathon, "Carla", "company-staff", [s.Safety, s.Data], [tata, port]);
        var dirk = await PersonAsync(hackathon, "Dirk", "knowledge-institution", [s.Python], [port]);

        var teams = await PostOkAsync($"/api/events/{hackathon}/team-runs", null);

        Assert.Equal("Only 4 of the 25 participants this event needs have registered.", teams.GetProperty("warning").GetString());
        Assert.True(teams.GetProperty("optimal").GetBoolean());
        var byChallenge = teams.GetProperty("teams").EnumerateArray().ToDictionary(t => t.GetProperty("challengeId").GetGuid());
        var steel = byChallenge[tata];
        Assert.Equal([bram, carla], steel.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("participantId").GetGuid()));
        Assert.Equal(1.0, steel.GetProperty("coverage").GetDouble(), 6);
        Assert.Contains("Bram (student, choice 1) brings h welding", steel.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal([anna, dirk], byChallenge[port].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("participantId").GetGuid()));
        Assert.Equal(1.0, teams.GetProperty("coverage").GetDouble(), 6);

        var locked = await _client.PutAsJsonAsync($"/api/events/{hackathon}/locks", new { locks = new[] { new { participantId = carla, challengeId = port } } });
        locked.EnsureSuccessStatusCode();
        var again = await PostOkAsync($"/api/events/{hackathon}/team-runs", null);

        var harbour = again.GetProperty("teams").EnumerateArray().Single(t => t.GetProperty("challengeId").GetGuid() == port);
        var carlaThere = harbour.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("participantId").GetGuid() == carla);
        Assert.True(carlaThere.GetProperty("locked").GetBoolean());
        Assert.Equal(2, carlaThere.GetProperty("preferenceRank").GetInt32());

        var csv = await _client.GetStringAsync($"/api/events/{hackathon}/export/teams.csv");
        Assert.StartsWith("company,question,participant,kind,brings_skills,preference_rank,locked", csv, StringComparison.Ordinal);
        Assert.Contains(",Carla,company-staff,h data analysis,2,true,", csv, StringComparison.Ordinal);
        var registrations = await _client.GetStringAsync($"/api/events/{hackathon}/export/registrations.csv");
        Assert.Equal(5, registrations.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_challenge_nobody_can_staff_is_explained_instead_of_failing()
    {
        var s = await SkillsAsync();
        var hackathon = await EventAsync(minimum: 2);
        var challenge = await ChallengeAsync(hackathon, "Windpark", [new { skillId = s.Data, weight = 1.0 }], min: 2, max: 4, minStudents: 1, minNonStudents: 1);
        await PersonAsync(hackathon, "Eva", "student", [s.Data], [challenge]);
        await PersonAsync(hackathon, "Finn", "student", [s.Python], [challenge]);

        var teams = await PostOkAsync($"/api/events/{hackathon}/team-runs", null);

        Assert.Equal(JsonValueKind.Null, teams.GetProperty("warning").ValueKind);
        var team = Assert.Single(teams.GetProperty("teams").EnumerateArray());
        Assert.False(team.GetProperty("staffed").GetBoolean());
        Assert.Contains("nobody can staff it: the team needs at least 1 non-student(s), and only 0 such participants registered",
            team.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, teams.GetProperty("unassigned").GetArrayLength());
    }

    [Fact]
    public async Task Lab_mode_turns_a_question_into_a_student_assignment_staffed_from_the_given_programmes()
    {
        var s = await SkillsAsync();
        var hackathon = await EventAsync();
        var question = await ChallengeAsync(hackathon, "Sensorbedrijf", [new { skillId = s.Data, weight = 1.0 }, new { skillId = s.Python, weight = 1.0 }]);
        var lab = await EventAsync(kind: "lab", minimum: 3);

        var assignment = await PostOkAsync($"/api/challenges/{question}/lab-assignments", new
        {
            labEventId = lab, assignment = "Bouw in tien weken een dashboard voor de sensordata.", programmes = new[] { "hbo-ict" }, durationWeeks = 10, minTeamSize = 2, maxTeamSize = 3,
        });
        var labChallenge = assignment.GetProperty("id").GetGuid();
        var ivo = await PersonAsync(lab, "Ivo", "student", [s.Data], [labChallenge], programme: "hbo-ict");
        var jet = await PersonAsync(lab, "Jet", "student", [s.Python], [labChallenge], programme: "hbo-ict");
        await PersonAsync(lab, "Kees", "student", [s.Python, s.Data], [labChallenge], programme: "verpleegkunde");
        await PersonAsync(lab, "Lotte", "company-staff", [s.Python, s.Data], [labChallenge]);

        var teams = await PostOkAsync($"/api/events/{lab}/team-runs", null);

        var team = Assert.Single(teams.GetProperty("teams").EnumerateArray());
        Assert.Equal([ivo, jet], team.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("participantId").GetGuid()));
        Assert.Equal(1.0, team.GetProperty("coverage").GetDouble(), 6);

        var notLab = await _client.PostAsJsonAsync($"/api/challenges/{question}/lab-assignments", new
        {
            labEventId = hackathon, assignment = "x", programmes = new[] { "hbo-ict" }, durationWeeks = 1, minTeamSize = 2, maxTeamSize = 3,
        });
        var problem = await Problem.AssertFieldAsync(notLab, HttpStatusCode.BadRequest, "labEventId");
        Assert.True(problem.GetProperty("errors").TryGetProperty("durationWeeks", out _));
    }

    [Fact]
    public async Task Refuses_bad_event_challenge_registration_and_lock_input_naming_the_field()
    {
        var s = await SkillsAsync();
        var hackathon = await EventAsync();
        var other = await EventAsync();
        var foreign = await ChallengeAsync(other, "Elders", [new { skillId = s.Data, weight = 1.0 }]);
        var lab = await EventAsync(kind: "lab");
        var labQuestion = await PostOkAsync($"/api/challenges/{foreign}/lab-assignments", new
        {
            labEventId = lab, assignment = "Opdracht", programmes = new[] { "hbo-ict" }, durationWeeks = 8, minTeamSize = 1, maxTeamSize = 2,
        });
        var staff = await PersonAsync(lab, "Mona", "company-staff", [s.Data], []);

        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync("/api/events", new { name = "X", kind = "hackathon", startsOn = "2026-03-14", endsOn = "2026-03-13", place = "Y" }),
            HttpStatusCode.BadRequest, "endsOn");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/events/{hackathon}/challenges",
            new { company = "C", question = "Q", skills = new[] { new { skillId = s.Data, weight = 1.0 } }, minTeamSize = 4, maxTeamSize = 2 }), HttpStatusCode.BadRequest, "maxTeamSize");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/events/{hackathon}/challenges",
            new { company = "C", question = "Q", skills = new[] { new { skillId = Guid.NewGuid(), weight = 1.0 } }, minTeamSize = 1, maxTeamSize = 2 }), HttpStatusCode.BadRequest, "skills");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/events/{hackathon}/challenges",
            new { company = "C", question = "Q", skills = new[] { new { skillId = s.Data, weight = 1.0 } }, minTeamSize = 1, maxTeamSize = 2, minStudents = 2, minNonStudents = 1 }),
            HttpStatusCode.BadRequest, "minNonStudents");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/events/{hackathon}/participants",
            new { name = "N", kind = "student", skills = new[] { s.Data }, preferences = new[] { foreign } }), HttpStatusCode.BadRequest, "preferences");
        await Problem.AssertFieldAsync(await _client.PostAsJsonAsync($"/api/events/{hackathon}/participants", new { name = "N", kind = "alien" }), HttpStatusCode.BadRequest, "kind");
        await Problem.AssertFieldAsync(await _client.PutAsJsonAsync($"/api/events/{lab}/locks",
            new { locks = new[] { new { participantId = staff, challengeId = labQuestion.GetProperty("id").GetGuid() } } }), HttpStatusCode.BadRequest, "locks[0].participantId");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsJsonAsync($"/api/events/{Guid.NewGuid()}/team-runs", (object?)null)).StatusCode);
        await Problem.AssertFieldAsync(await _client.GetAsync($"/api/events/{hackathon}/export/salaries.csv"), HttpStatusCode.BadRequest, "table");
    }

    [Fact]
    public async Task Participants_register_themselves_and_see_teams_but_only_organisers_form_them()
    {
        var s = await SkillsAsync();
        var hackathon = await EventAsync();
        using var student = fixture.App.CreateClient(Role.JobSeeker);
        using var stranger = fixture.App.CreateClient();

        var registered = await student.PostAsJsonAsync($"/api/events/{hackathon}/participants", new { name = "Noor", kind = "student", skills = new[] { s.Data } });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await student.GetAsync($"/api/events/{hackathon}/teams")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.PostAsJsonAsync($"/api/events/{hackathon}/team-runs", (object?)null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsJsonAsync($"/api/events/{hackathon}/participants", new { name = "X", kind = "student" })).StatusCode);
    }
}
