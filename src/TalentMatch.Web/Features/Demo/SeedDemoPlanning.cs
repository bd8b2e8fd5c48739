using System.Text.Json;
using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Hackathons;
using TalentMatch.Web.Features.Pact;

namespace TalentMatch.Web.Features.Demo;

/// <summary>
/// Loads the demo internship pact (<c>seed-data/demo/pact.json</c>) and the demo hackathon
/// (<c>seed-data/demo/hackathon.json</c>) through the same commands as the API, each once per database,
/// so the coordinator dashboard and the event page have figures right after the first start.
/// Places and hosts are found by the demo internships' employer and title, so this also works on a
/// database whose other demo data was loaded before these files existed.
/// </summary>
static class SeedDemoPlanning
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The demo pact and hackathon from <paramref name="folder"/>'s <c>demo/</c>, each once per database.</summary>
    public static async Task<string> LoadAsync(NpgsqlDataSource dataSource, ISender sender, string folder, IReadOnlyDictionary<string, Guid> skills, CancellationToken ct)
    {
        var demo = Path.Combine(folder, "demo");
        var pact = await LoadPactAsync(dataSource, sender, demo, skills, ct);
        var hackathon = await LoadHackathonAsync(dataSource, sender, demo, skills, ct);
        return $"{pact}; {hackathon}";
    }

    public static async Task<string> LoadPactAsync(NpgsqlDataSource dataSource, ISender sender, string demo, IReadOnlyDictionary<string, Guid> skills, CancellationToken ct)
    {
        var path = Path.Combine(demo, "pact.json");
        if (!File.Exists(path) || await AlreadyAsync(dataSource, "demo_pact_seeded", ct))
        {
            return "demo pact loaded before";
        }

        var seed = JsonSerializer.Deserialize<PactSeed>(await File.ReadAllTextAsync(path, ct), Json)!;
        var places = await InternshipIdsAsync(dataSource, demo, ct);
        var employers = await EmployerIdsAsync(dataSource, demo, ct);

        var pact = await sender.Send(new CreatePact.Command(seed.Name, seed.Region, seed.AcademicYear, seed.TargetPlaces), ct);
        var partners = new Dictionary<string, Guid>();
        foreach (var p in seed.Partners)
        {
            var employerId = p.Employer is null ? (Guid?)null : employers[p.Employer];
            partners[p.Code] = (await sender.Send(new AddPartner.Command(p.Name, p.Kind, employerId) { PactId = pact.Id }, ct)).Id;
        }

        foreach (var p in seed.Pledges)
        {
            var pledge = await sender.Send(new AddPledge.Command(partners[p.Partner], p.Sector, p.EducationLevel, p.Programme, p.Places, p.PeriodStart, p.PeriodEnd,
                p.PledgedOn) { PactId = pact.Id }, ct);
            foreach (var internship in p.Internships)
            {
                await sender.Send(new LinkPlace.Command(places[internship]) { PledgeId = pledge.Id }, ct);
            }
        }

        foreach (var r in seed.Requests)
        {
            await sender.Send(new AddStudentRequest.Command(r.Reference, r.Sector, r.EducationLevel, r.Programme, r.PeriodStart, r.PeriodEnd, r.Postcode,
                r.Skills.Select(s => new AddStudentRequest.RequestSkill(skills[s.Skill], s.Level)).ToList(),
                r.Preferences.Select(code => places[code]).ToList()) { PactId = pact.Id }, ct);
        }

        var run = await sender.Send(new RunAllocation.Command(seed.AllocationMode) { PactId = pact.Id }, ct);

        // Some proposals move on, so the funnel shows every stage rather than only "matched".
        var accepted = run.Placements.Take(seed.AfterAllocation.Accepted).ToList();
        foreach (var placement in accepted)
        {
            await sender.Send(new ChangePlacementStatus.Command("accepted", "demo") { PlacementId = placement.PlacementId }, ct);
        }

        foreach (var placement in accepted.Take(seed.AfterAllocation.Started))
        {
            await sender.Send(new ChangePlacementStatus.Command("started", "demo") { PlacementId = placement.PlacementId }, ct);
        }

        await MarkAsync(dataSource, "demo_pact_seeded", ct);
        return $"demo pact: {seed.Partners.Count} partners, {seed.Pledges.Count} pledges, {seed.Requests.Count} student requests, {run.Placements.Count} placed";
    }

    public static async Task<string> LoadHackathonAsync(NpgsqlDataSource dataSource, ISender sender, string demo, IReadOnlyDictionary<string, Guid> skills, CancellationToken ct)
    {
        var path = Path.Combine(demo, "hackathon.json");
        if (!File.Exists(path) || await AlreadyAsync(dataSource, "demo_event_seeded", ct))
        {
            return "demo event loaded before";
        }

        var seed = JsonSerializer.Deserialize<EventSeed>(await File.ReadAllTextAsync(path, ct), Json)!;
        var created = await sender.Send(new CreateEvent.Command(seed.Name, seed.Kind, seed.StartsOn, seed.EndsOn, seed.Place, seed.MinimumParticipants), ct);
        var challenges = new Dictionary<string, Guid>();
        foreach (var c in seed.Challenges)
        {
            challenges[c.Code] = (await sender.Send(new AddChallenge.Command(c.Company, c.Question,
                c.Skills.Select(s => new AddChallenge.RequiredSkill(skills[s.Skill], s.Weight)).ToList(),
                c.MinTeamSize, c.MaxTeamSize, c.MinStudents, c.MinNonStudents) { EventId = created.Id }, ct)).Id;
        }

        foreach (var p in seed.Participants)
        {
            await sender.Send(new RegisterParticipant.Command(p.Name, p.Kind, p.Organisation, p.Programme, p.Skills.Select(s => skills[s]).ToList(),
                p.Preferences.Select(code => challenges[code]).ToList()) { EventId = created.Id }, ct);
        }

        var teams = await sender.Send(new FormTeams.Command { EventId = created.Id, TimeLimitSeconds = 5 }, ct);
        await MarkAsync(dataSource, "demo_event_seeded", ct);
        return $"demo event: {seed.Challenges.Count} challenges, {seed.Participants.Count} participants, coverage {teams.Coverage:0.00}";
    }

    static async Task<Dictionary<string, Guid>> EmployerIdsAsync(NpgsqlDataSource dataSource, string demo, CancellationToken ct)
    {
        var seeds = JsonSerializer.Deserialize<List<EmployerRef>>(await File.ReadAllTextAsync(Path.Combine(demo, "employers.json"), ct), Json) ?? [];
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var ids = new Dictionary<string, Guid>();
        foreach (var e in seeds)
        {
            ids[e.Code] = await connection.QuerySingleAsync<Guid>(new CommandDefinition(
                "select employer_id from employer where name = @Name order by employer_id limit 1", new { e.Name }, cancellationToken: ct));
        }

        return ids;
    }

    static async Task<Dictionary<string, Guid>> InternshipIdsAsync(NpgsqlDataSource dataSource, string demo, CancellationToken ct)
    {
        var employers = (JsonSerializer.Deserialize<List<EmployerRef>>(await File.ReadAllTextAsync(Path.Combine(demo, "employers.json"), ct), Json) ?? [])
            .ToDictionary(e => e.Code, e => e.Name);
        var seeds = JsonSerializer.Deserialize<List<InternshipRef>>(await File.ReadAllTextAsync(Path.Combine(demo, "internships.json"), ct), Json) ?? [];
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var ids = new Dictionary<string, Guid>();
        foreach (var i in seeds)
        {
            ids[i.Code] = await connection.QuerySingleAsync<Guid>(new CommandDefinition("""
                select v.vacancy_id from vacancy v join employer e on e.employer_id = v.employer_id
                where v.kind = 'internship' and v.title = @Title and e.name = @employer
                order by v.vacancy_id limit 1
                """, new { i.Title, employer = employers[i.Employer] }, cancellationToken: ct));
        }

        return ids;
    }

    static async Task<bool> AlreadyAsync(NpgsqlDataSource dataSource, string key, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from app_state where key = @key)", new { key }, cancellationToken: ct));
    }

    static async Task MarkAsync(NpgsqlDataSource dataSource, string key, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("insert into app_state (key, value) values (@key, @value) on conflict (key) do nothing",
            new { key, value = DateTimeOffset.UtcNow.ToString("O") }, cancellationToken: ct));
    }

    sealed record EmployerRef(string Code, string Name);

    sealed record InternshipRef(string Code, string Employer, string Title);

    sealed record PartnerSeed(string Code, string Name, string Kind, string? Employer);

    sealed record PledgeSeed(string Code, string Partner, string Sector, string EducationLevel, string Programme, int Places, DateOnly PeriodStart, DateOnly PeriodEnd,
        DateOnly PledgedOn, List<string> Internships);

    sealed record RequestSkillSeed(string Skill, int Level);

    sealed record RequestSeed(string Reference, string Sector, string EducationLevel, string Programme, DateOnly PeriodStart, DateOnly PeriodEnd, string Postcode,
        List<RequestSkillSeed> Skills, List<string> Preferences);

    sealed record Progress(int Accepted, int Started);

    sealed record PactSeed(string Name, string Region, string AcademicYear, int TargetPlaces, List<PartnerSeed> Partners, List<PledgeSeed> Pledges,
        List<RequestSeed> Requests, string AllocationMode, Progress AfterAllocation);

    sealed record ChallengeSkillSeed(string Skill, double Weight);

    sealed record ChallengeSeed(string Code, string Company, string Question, List<ChallengeSkillSeed> Skills, int MinTeamSize, int MaxTeamSize, int MinStudents,
        int MinNonStudents);

    sealed record ParticipantSeed(string Name, string Kind, string? Organisation, string? Programme, List<string> Skills, List<string> Preferences);

    sealed record EventSeed(string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, string Place, int MinimumParticipants, List<ChallengeSeed> Challenges,
        List<ParticipantSeed> Participants);
}
