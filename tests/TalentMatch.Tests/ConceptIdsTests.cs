using TalentMatch.Web.Infrastructure;

namespace TalentMatch.Tests;

public sealed class ConceptIdsTests
{
    [Fact]
    public void Gives_the_same_id_for_the_same_name_every_time()
    {
        Assert.Equal(ConceptIds.ForSkill(null, "welding"), ConceptIds.ForSkill(null, "welding"));
        Assert.Equal(ConceptIds.FromName("talentmatch:skill:welding"), ConceptIds.ForSkill(null, "welding"));
    }

    [Theory]
    [InlineData("talentmatch:skill:welding", "c3efa289-4115-523e-ba26-94863ffaa8a1")]
    [InlineData("http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1", "1dcf5406-53d2-5beb-9b6d-f1f0703baf7e")]
    public void Matches_an_independent_UUIDv5_of_the_name_so_stored_ids_never_change(string name, string expected) =>
        // Expected values from another implementation (Python's uuid.uuid5) over the same namespace.
        Assert.Equal(Guid.Parse(expected), ConceptIds.FromName(name));

    [Theory]
    [InlineData("talentmatch:skill:welding")]
    [InlineData("http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab")]
    [InlineData("")]
    public void Sets_the_version_5_and_RFC_variant_bits(string name)
    {
        var bytes = ConceptIds.FromName(name).ToByteArray(bigEndian: true);
        Assert.Equal(5, bytes[6] >> 4);
        Assert.Equal(0b10, bytes[8] >> 6);
        Assert.Equal('5', ConceptIds.FromName(name).ToString()[14]);
    }

    [Fact]
    public void Gives_different_names_different_ids()
    {
        var ids = new[]
        {
            ConceptIds.ForSkill(null, "welding"),
            ConceptIds.ForSkill(null, "Welding"),
            ConceptIds.ForSkill(null, "wound-care"),
            ConceptIds.ForOccupation(null, "welding"),
            ConceptIds.FromName("welding"),
        };
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Names_a_concept_by_its_ESCO_URI_whatever_its_code()
    {
        const string uri = "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab";
        Assert.Equal(ConceptIds.FromName(uri), ConceptIds.ForSkill(uri, "some-code"));
        Assert.Equal(ConceptIds.ForSkill(uri, null), ConceptIds.ForSkill(uri, "other-code"));
        Assert.Equal(ConceptIds.FromName(uri), ConceptIds.ForSkillGroup(uri));
    }
}
