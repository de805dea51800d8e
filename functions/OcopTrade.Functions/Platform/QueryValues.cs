using Microsoft.AspNetCore.Http.HttpResults;

namespace OcopTrade.Functions.Platform;

/// <summary>Enum filters in query strings arrive in the JSON spelling ("householdBusiness"); the framework's binder
/// is case-sensitive and accepts numbers, so filters are parsed here, by name only.</summary>
public static class QueryValues
{
    public static T? Enum<T>(string parameter, string? value, FieldErrors errors) where T : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!char.IsAsciiDigit(value[0]) && value[0] != '-' && System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed))
            return parsed;
        errors.Add(parameter, $"Use one of: {string.Join(", ", System.Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.");
        return null;
    }

    public static ProblemHttpResult? Problem(FieldErrors errors) =>
        errors.Any ? Problems.Invalid(errors.ToDictionary(), "Query parameters are invalid: " + string.Join(", ", errors.ToDictionary().Keys) + ".") : null;
}
