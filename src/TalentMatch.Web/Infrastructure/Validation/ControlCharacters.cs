using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using FluentValidation.Results;

namespace TalentMatch.Web.Infrastructure.Validation;

/// <summary>
/// Finds strings anywhere in a message that carry NUL or other control characters (tab and line breaks
/// are fine). Walking the message once here means no validator can forget a field.
/// </summary>
public static class ControlCharacters
{
    static readonly ConcurrentDictionary<Type, (string Name, Func<object, object?> Read)[]> Readers = new();

    public static IEnumerable<ValidationFailure> Find(object message)
    {
        var failures = new List<ValidationFailure>();
        Walk(message, "", failures, depth: 0);
        return failures;
    }

    public static bool IsClean(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return false;
            }
        }

        return true;
    }

    static void Walk(object? value, string path, List<ValidationFailure> failures, int depth)
    {
        // Messages are shallow records; the depth bound only guards against a cycle.
        if (value is null || depth > 6)
        {
            return;
        }

        switch (value)
        {
            case string text:
                if (!IsClean(text))
                {
                    failures.Add(new ValidationFailure(path.Length == 0 ? "body" : path, "Text may not contain NUL or other control characters."));
                }

                return;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{index++}]", failures, depth + 1);
                }

                return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
        {
            return;
        }

        foreach (var (name, read) in Readers.GetOrAdd(type, ReadersOf))
        {
            Walk(read(value), path.Length == 0 ? name : $"{path}.{name}", failures, depth + 1);
        }
    }

    /// <summary>
    /// Compiled once per message type, so walking a message costs no reflection per request. Properties of the
    /// framework's value types (ids, numbers, dates) cannot hold text and are left out.
    /// </summary>
    static (string Name, Func<object, object?> Read)[] ReadersOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && !IsTextFree(p.PropertyType))
            .Select(p =>
            {
                var instance = Expression.Parameter(typeof(object));
                var read = Expression.Convert(Expression.Property(Expression.Convert(instance, type), p), typeof(object));
                return (p.Name, Expression.Lambda<Func<object, object?>>(read, instance).Compile());
            })
            .ToArray();

    static bool IsTextFree(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsValueType && (underlying.IsPrimitive || underlying.IsEnum || underlying.Namespace?.StartsWith("System", StringComparison.Ordinal) == true);
    }
}
