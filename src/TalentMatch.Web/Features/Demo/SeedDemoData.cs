using System.Text.Json;
using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Employers;
using TalentMatch.Web.Features.Internships;
using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Demo;

/// <summary>
/// Loads <c>seed-data/</c>: the seed taxonomy every time (it is idempotent, so edits to the files apply),
/// and the invented employers, vacancies, internship places and profiles once per database. The demo
/// objects go through the same commands as the API, so they are validated like any user's input.
/// </summary>
public static class SeedDemoData
{
    /// <param name="WithPlanning">
    /// Also the demo pact and hackathon. Their allocation and team runs score with the matching index, so start-up,
    /// which runs before that index is built, seeds without them and <see cref="DemoPlanningSeeder"/> adds them later.
    /// </param>
    [SystemOnly]
    public sealed record Command(string Folder, bool WithPlanning = true) : ICommand<Response>;

    public sealed record Response(string Summary);

    public static string DefaultFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seed-data");
                if (Directory.Exists(Path.Combine(candidate, "taxonomy")))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "seed-data");
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ISender sender) : ICommandHandler<Command, Response>
    {
        static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var taxonomy = SeedTaxonomy.Read(Path.Combine(command.Folder, "taxonomy"));
            var changes = await TaxonomyWriter.WriteAsync(dataSource, taxonomy, null, cancellationToken);

            var skills = taxonomy.Skills.ToDictionary(s => s.Code!, s => s.Id);
            var modules = await SeedTrainingCatalogue.LoadAsync(dataSource, command.Folder, skills, cancellationToken);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            if (await connection.ExecuteScalarAsync<bool>("select exists (select 1 from app_state where key = 'demo_seeded')"))
            {
                var planning = command.WithPlanning ? await SeedDemoPlanning.LoadAsync(dataSource, sender, command.Folder, skills, cancellationToken) : "pact and event follow";
                return new Response($"Seed taxonomy up to date ({changes}), {modules} training modules; demo data was loaded before; {planning}.");
            }

            var occupations = taxonomy.Occupations.ToDictionary(o => o.Code!, o => o.Id);
            var demo = Path.Combine(command.Folder, "demo");

            var employers = new Dictionary<string, Guid>();
            foreach (var e in Read<EmployerSeed>(demo, "employers.json"))
            {
                employers[e.Code] = (await sender.Send(new CreateEmployer.Command(e.Name, e.Sector, e.Postcode, e.City), cancellationToken)).Id;
            }

            var vacancies = Read<OpeningSeed>(demo, "vacancies.json");
            foreach (var v in vacancies)
            {
                await sender.Send(new CreateVacancy.Command
                {
                    EmployerId = employers[v.Employer], Title = v.Title, Text = v.Text, OccupationId = Occupation(occupations, v.Occupation),
                    Skills = v.Skills.Select(s => new RequiredSkill(skills[s.Skill], s.Importance, s.MinLevel)).ToList(),
                    EducationLevel = v.EducationLevel, Postcode = v.Postcode, HoursPerWeek = v.HoursPerWeek, ContractType = v.ContractType, ClosingDate = v.ClosingDate,
                }, cancellationToken);
            }

            var internships = Read<OpeningSeed>(demo, "internships.json");
            foreach (var i in internships)
            {
                await sender.Send(new CreateInternship.Command
                {
                    EmployerId = employers[i.Employer], Title = i.Title, Text = i.Text, OccupationId = Occupation(occupations, i.Occupation),
                    Skills = i.Skills.Select(s => new RequiredSkill(skills[s.Skill], s.Importance, s.MinLevel)).ToList(),
                    EducationLevel = i.EducationLevel, Postcode = i.Postcode, HoursPerWeek = i.HoursPerWeek, ClosingDate = i.ClosingDate,
                    ProgrammeKind = i.ProgrammeKind, ProgrammeCode = i.ProgrammeCode, ProgrammeLevel = i.ProgrammeLevel,
                    PeriodStart = i.PeriodStart, PeriodEnd = i.PeriodEnd, Places = i.Places ?? 1,
                }, cancellationToken);
            }

            var profiles = Read<ProfileSeed>(demo, "profiles.json");
            foreach (var p in profiles)
            {
                await sender.Send(new CreateProfile.Command
                {
                    DisplayName = p.DisplayName,
                    Skills = p.Skills.Select(s => new ProfileSkill(skills[s.Skill], s.Level, s.Evidence)).ToList(),
                    EducationLevel = p.EducationLevel, Postcode = p.Postcode, HoursPerWeek = p.HoursPerWeek, AvailableFrom = p.AvailableFrom,
                    WantedOccupations = (p.WantedOccupations ?? []).Select(o => occupations[o]).ToList(),
                    WantedSectors = p.WantedSectors ?? [], Visibility = p.Visibility,
                }, cancellationToken);
            }

            await connection.ExecuteAsync("insert into app_state (key, value) values ('demo_seeded', @value)", new { value = DateTimeOffset.UtcNow.ToString("O") });
            var pactAndEvent = command.WithPlanning ? await SeedDemoPlanning.LoadAsync(dataSource, sender, command.Folder, skills, cancellationToken) : "pact and event follow";
            return new Response($"Seed taxonomy loaded ({changes}); demo data: {employers.Count} employers, {vacancies.Count} vacancies, {internships.Count} internship places, {profiles.Count} profiles; {pactAndEvent}.");
        }

        static Guid? Occupation(Dictionary<string, Guid> occupations, string? code) => code is null ? null : occupations[code];

        static List<T> Read<T>(string folder, string file) =>
            JsonSerializer.Deserialize<List<T>>(File.ReadAllText(Path.Combine(folder, file)), Json) ?? [];
    }

    sealed record EmployerSeed(string Code, string Name, string? Sector, string? Postcode, string? City);

    sealed record SkillSeed(string Skill, string? Importance, int MinLevel, int Level, string? Evidence);

    sealed record OpeningSeed(string Code, string Employer, string Title, string? Text, string? Occupation, List<SkillSeed> Skills, string? EducationLevel,
        string? Postcode, int? HoursPerWeek, string? ContractType, DateOnly? ClosingDate, string? ProgrammeKind, string? ProgrammeCode,
        string? ProgrammeLevel, DateOnly? PeriodStart, DateOnly? PeriodEnd, int? Places);

    sealed record ProfileSeed(string Code, string? DisplayName, List<SkillSeed> Skills, string? EducationLevel, string? Postcode, int? HoursPerWeek,
        DateOnly? AvailableFrom, List<string>? WantedOccupations, List<string>? WantedSectors, string? Visibility);
}
