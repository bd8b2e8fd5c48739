using System.Text.RegularExpressions;
using FluentValidation;

namespace TalentMatch.Web.Infrastructure.Validation;

public static partial class RuleExtensions
{
    public static IRuleBuilderOptions<T, string?> In<T>(this IRuleBuilder<T, string?> rule, string[] allowed) =>
        rule.Must(value => value is null || allowed.Contains(value, StringComparer.Ordinal)).WithMessage(Vocabulary.OneOf(allowed));

    /// <summary>A Dutch postcode's four digits (the letters would identify a street, which matching does not need).</summary>
    public static IRuleBuilderOptions<T, string?> Postcode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || PostcodeDigits().IsMatch(value)).WithMessage("Must be the four digits of a Dutch postcode, e.g. 2311.");

    [GeneratedRegex("^[1-9][0-9]{3}$")]
    private static partial Regex PostcodeDigits();
}
