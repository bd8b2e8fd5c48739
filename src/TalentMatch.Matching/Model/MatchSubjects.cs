namespace TalentMatch.Matching.Model;

/// <summary>Education levels as an ordinal scale, so "at least MBO 4" can be compared.</summary>
public static class EducationScale
{
    static readonly string[] Levels = ["none", "vmbo", "mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo"];

    public static byte Of(string? level)
    {
        var index = level is null ? -1 : Array.IndexOf(Levels, level);
        return (byte)Math.Max(0, index);
    }
}

/// <summary>A person as matching sees them: skills with levels and the practical facts. Nothing else.</summary>
/// <param name="Skills">Dense skill indexes, sorted ascending, no duplicates.</param>
/// <param name="Levels">Level 1–4 per skill, aligned with <paramref name="Skills"/>.</param>
/// <param name="Postcode">The four postcode digits, or 0 when unknown.</param>
/// <param name="HoursPerWeek">0 when unknown.</param>
/// <param name="AvailableFrom">Days since 2000-01-01, or 0 when unknown (available now).</param>
/// <param name="WantedOccupations">Dense occupation indexes the person asked for.</param>
public sealed record Candidate(Guid Id, int[] Skills, byte[] Levels, byte Education, short Postcode, byte HoursPerWeek, int AvailableFrom, int[] WantedOccupations)
    : Retrieval.ISkillDescribed
{
    /// <summary>Who may find this person: 1 coaches, 2 coaches and employers (anonymously). Private people are never indexed.</summary>
    public byte Visibility { get; init; } = 1;
}

/// <summary>A vacancy or internship place as matching sees it.</summary>
/// <param name="Skills">Dense skill indexes, sorted ascending, no duplicates.</param>
/// <param name="MinLevels">Minimum level 1–4 per skill.</param>
/// <param name="Essential">Whether each skill is essential (else optional).</param>
/// <param name="Occupation">Dense occupation index, or -1.</param>
/// <param name="StartsOn">Days since 2000-01-01 when the work starts (internship period start), 0 when not given.</param>
public sealed record Opening(Guid Id, bool IsInternship, int[] Skills, byte[] MinLevels, bool[] Essential, byte Education, short Postcode, byte HoursPerWeek, int Occupation, int StartsOn)
    : Retrieval.ISkillDescribed
{
    /// <summary>Days since 2000-01-01 after which the opening no longer takes applications; 0 when open-ended.</summary>
    public int ClosesOn { get; init; }
}

public static class Days
{
    static readonly DateOnly Epoch = new(2000, 1, 1);

    public static int Of(DateOnly? date) => date is { } d ? d.DayNumber - Epoch.DayNumber : 0;
}
