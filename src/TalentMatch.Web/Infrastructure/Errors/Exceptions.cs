namespace TalentMatch.Web.Infrastructure.Errors;

/// <summary>The thing asked for does not exist (or the caller may not know that it does).</summary>
public sealed class NotFoundException(string what, object id) : Exception($"{what} {id} was not found.")
{
    public string What { get; } = what;
}

/// <summary>The request is well-formed but clashes with the current state (e.g. a duplicate).</summary>
public sealed class ConflictException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
