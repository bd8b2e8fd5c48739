namespace TalentMatch.Web.Infrastructure.Security;

/// <summary>What a person does on the platform; an account has one or more.</summary>
public enum Role
{
    JobSeeker,
    Coach,
    Employer,
    Coordinator,
    Organiser,
    Admin,
}

/// <summary>The roles' names as the API, the claims and the database spell them.</summary>
public static class Roles
{
    public static readonly Role[] All = Enum.GetValues<Role>();

    public static readonly string[] Names = All.Select(Name).ToArray();

    public static string Name(Role role) => role switch
    {
        Role.JobSeeker => "job-seeker",
        Role.Coach => "coach",
        Role.Employer => "employer",
        Role.Coordinator => "coordinator",
        Role.Organiser => "organiser",
        Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static Role? Parse(string? name)
    {
        var index = Array.IndexOf(Names, name);
        return index < 0 ? null : All[index];
    }
}
