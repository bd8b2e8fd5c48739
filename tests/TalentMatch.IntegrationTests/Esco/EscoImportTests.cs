using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using TalentMatch.IntegrationTests.Infrastructure;
using TalentMatch.Web.Features.Taxonomy;

namespace TalentMatch.IntegrationTests.Esco;

/// <summary>The real ESCO v1.1.1 download, imported into a database of its own.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class EscoImportTests(DatabaseFixture fixture)
{
    [SharedDataFact("esco/v1.1.1")]
    public async Task Imports_all_of_ESCO_and_a_second_import_changes_nothing()
    {
        await using var app = await fixture.CreateAppAsync("esco_import");
        var sender = app.Services.GetRequiredService<ISender>();

        var first = await sender.Send(new ImportEsco.Command(SharedData.Path("esco")));

        await using var connection = await app.DataSource.OpenConnectionAsync();
        var counts = await connection.QuerySingleAsync<(long Skills, long LabelledOccupations, long Links, long SkillRelations, long Hierarchy, long DutchSkills, long DutchOccupations)>("""
            select (select count(*) from skill where esco_uri is not null),
                   (select count(*) from occupation where label_en is not null),
                   (select count(*) from occupation_skill),
                   (select count(*) from skill_relation),
                   (select count(*) from skill_in_group) + (select count(*) from skill_broader_skill) + (select count(*) from skill_group_broader),
                   (select count(*) from skill where label_nl is not null),
                   (select count(*) from occupation where label_nl is not null)
            """);
        // The counts ESCO publishes for v1.1.1.
        Assert.Equal(13_896, counts.Skills);
        Assert.Equal(3_007, counts.LabelledOccupations);
        Assert.Equal(123_855, counts.Links);
        Assert.Equal(5_899, counts.SkillRelations);
        // 20,656 broader links, less the 7 that name a concept neither label file has.
        Assert.Equal(20_656 - 7, counts.Hierarchy);
        // Dutch: labels for the skills in the thematic collections, and nearly every occupation.
        Assert.InRange(counts.DutchSkills, 2_200, 2_367);
        Assert.InRange(counts.DutchOccupations, 3_000, 3_007);
        Assert.True(first.RowsChanged > 250_000, $"the first import wrote only {first.RowsChanged} rows");

        var before = await DatabaseSnapshot.TakeAsync(app.DataSource);
        var second = await sender.Send(new ImportEsco.Command(SharedData.Path("esco")));
        var after = await DatabaseSnapshot.TakeAsync(app.DataSource);

        Assert.Equal(0, second.RowsChanged);
        Assert.Equal(before, after);
    }

    [SharedDataFact("esco/v1.1.1")]
    public async Task Welding_is_found_in_Dutch_and_English_after_an_import()
    {
        await using var app = await fixture.CreateAppAsync("esco_search");
        await app.Services.GetRequiredService<ISender>().Send(new ImportEsco.Command(SharedData.Path("esco")));
        var client = app.CreateClient();

        var english = await client.GetStringAsync("/api/skills?q=welding&lang=en&take=5");
        Assert.Contains("\"labelEn\":\"welding", english, StringComparison.Ordinal);
        Assert.Contains("This service uses the ESCO classification of the European Commission.", english, StringComparison.Ordinal);

        var occupation = await client.GetStringAsync("/api/occupations?q=verpleegkundige&take=3");
        Assert.Contains("verpleegkundige", occupation, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("essentialSkills", occupation, StringComparison.Ordinal);
    }
}
