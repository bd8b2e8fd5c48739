using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Tests;

public sealed class ControlCharactersTests
{
    public sealed record Outer(string? Name, IReadOnlyList<Inner> Items);

    public sealed record Inner(int Number, IReadOnlyList<string> Notes, IReadOnlyList<IReadOnlyList<string>> Grid);

    static Inner Clean() => new(1, ["ok"], [["ok"]]);

    [Fact]
    public void Finds_a_NUL_in_a_nested_list_and_names_its_path()
    {
        var message = new Outer("fine", [Clean(), new Inner(2, ["ok", "bad\0text"], [])]);

        var failure = Assert.Single(ControlCharacters.Find(message));

        Assert.Equal("Items[1].Notes[1]", failure.PropertyName);
    }

    [Fact]
    public void Finds_a_NUL_in_a_list_of_lists()
    {
        var message = new Outer(null, [Clean(), Clean(), new Inner(3, [], [["ok"], ["ok", "\0"]])]);

        var failure = Assert.Single(ControlCharacters.Find(message));

        Assert.Equal("Items[2].Grid[1][1]", failure.PropertyName);
    }

    [Fact]
    public void Reports_every_field_that_carries_one()
    {
        var message = new Outer("a\u0001", [new Inner(1, ["\u001b[31m"], [])]);

        Assert.Equal(["Name", "Items[0].Notes[0]"], ControlCharacters.Find(message).Select(f => f.PropertyName));
    }

    [Fact]
    public void Finds_one_in_a_real_profile_command()
    {
        var command = new CreateProfile.Command
        {
            DisplayName = "Anna\0",
            Skills = [new ProfileSkill(Guid.NewGuid(), 2, "work"), new ProfileSkill(Guid.NewGuid(), 3, "hob\0by")],
            WantedSectors = ["care"],
        };

        Assert.Equal(["DisplayName", "Skills[1].Evidence"], ControlCharacters.Find(command).Select(f => f.PropertyName));
    }

    [Fact]
    public void Allows_tab_and_line_breaks()
    {
        var message = new Outer("line one\r\nline two\tand a tab\n", [new Inner(1, ["a\tb", "c\nd"], [["e\r\nf"]])]);

        Assert.Empty(ControlCharacters.Find(message));
    }

    [Fact]
    public void Names_the_body_when_the_message_is_itself_a_string()
    {
        var failure = Assert.Single(ControlCharacters.Find("a\0b"));
        Assert.Equal("body", failure.PropertyName);
    }

    [Theory]
    [InlineData("plain", true)]
    [InlineData("tab\tnewline\ncarriage\r", true)]
    [InlineData("accents and emoji: é ü 👷", true)]
    [InlineData("\0", false)]
    [InlineData("bell\a", false)]
    [InlineData("escape\u001b", false)]
    [InlineData("delete\u007f", false)]
    [InlineData("next line\u0085", false)]
    public void IsClean_accepts_only_text_without_other_control_characters(string text, bool clean) =>
        Assert.Equal(clean, ControlCharacters.IsClean(text));
}
