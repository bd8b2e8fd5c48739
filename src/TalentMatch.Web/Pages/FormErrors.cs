using FluentValidation;

namespace TalentMatch.Web.Pages;

/// <summary>
/// What a page shows when a message it sent is refused: one message per field, in the page's language where
/// the page knows a better sentence than the validator's, linked from a summary at the top of the form.
/// </summary>
public sealed class FormErrors
{
    readonly Dictionary<string, string> _byField = new(StringComparer.OrdinalIgnoreCase);

    public bool Any => _byField.Count > 0;

    public IEnumerable<KeyValuePair<string, string>> All => _byField;

    public string? For(string field) => _byField.GetValueOrDefault(field);

    public void Add(string field, string message) => _byField.TryAdd(field, message);

    /// <param name="fieldFor">Maps the message's property path (e.g. "Skills[2].Level") to the form field that shows it.</param>
    /// <param name="wording">The page's own sentence for a field, or null to keep the validator's.</param>
    public void Add(ValidationException exception, Func<string, string> fieldFor, Func<string, string?> wording)
    {
        foreach (var failure in exception.Errors)
        {
            var field = fieldFor(failure.PropertyName);
            Add(field, wording(field) ?? failure.ErrorMessage);
        }
    }

    /// <summary>The id a summary link jumps to; form fields use the same id.</summary>
    public static string Anchor(string field) => "field-" + string.Concat(field.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}
