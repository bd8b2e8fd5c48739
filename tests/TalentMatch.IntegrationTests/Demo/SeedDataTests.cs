using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Features.Demo;

namespace TalentMatch.IntegrationTests.Demo;

/// <summary>Our own seed files load through the same validated commands as the API, once.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class SeedDataTests(DatabaseFixture fixture)
{
    [Fact]
    public async Task The_seed_files_load_completely_and_only_once()
    {
        await using var app = await fixture.CreateAppAsync("seed_check");
        var sender = app.Services.GetRequiredService<ISender>();
        var folder = SeedDemoData.DefaultFolder();

        await sender.Send(new SeedDemoData.Command(folder));
        var first = await CountsAsync(app);
        await sender.Send(new SeedDemoData.Command(folder));

        Assert.Equal(first, await CountsAsync(app));
        Assert.True(first.Skills >= 300, $"only {first.Skills} skills");
        Assert.True(first.Occupations >= 40, $"only {first.Occupations} occupations");
        Assert.True(first.Vacancies > 0 && first.Internships > 0 && first.Profiles > 0 && first.Modules > 0, first.ToString());
        Assert.Equal(first.Skills, first.SkillsWithDutchLabel);
    }

    static async Task<(long Skills, long SkillsWithDutchLabel, long Occupations, long Vacancies, long Internships, long Profiles, long Modules)> CountsAsync(TestApp app)
    {
        await using var connection = await app.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long, long, long, long, long, long)>("""
            select (select count(*) from skill), (select count(*) from skill where label_nl is not null), (select count(*) from occupation),
                   (select count(*) from vacancy where kind = 'job'), (select count(*) from vacancy where kind = 'internship'),
                   (select count(*) from profile), (select count(*) from training_module)
            """);
    }
}
