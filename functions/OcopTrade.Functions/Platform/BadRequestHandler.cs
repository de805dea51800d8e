using Microsoft.AspNetCore.Diagnostics;

namespace OcopTrade.Functions.Platform;

/// <summary>Query and route values that do not bind ("stars=abc", "pageSize=abc") become a 400 problem whose
/// <c>errors</c> names the parameter, like a body field, rather than an empty 400.</summary>
public sealed partial class BadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400;
        var result = status == 413
            ? Problems.TooLarge(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0)
            : Unbound(bad.Message) is { } errors
                ? Problems.Invalid(errors.ToDictionary(), bad.Message)
                : Problems.Problem(status, "Yêu cầu không hợp lệ", bad.Message, "bad-request");
        await result.ExecuteAsync(context);
        return true;
    }

    /// <summary>The framework says which parameter failed only in its message:
    /// <c>Failed to bind parameter "int? pageSize" from "abc".</c></summary>
    private static FieldErrors? Unbound(string message)
    {
        var failed = FailedToBind().Match(message);
        if (!failed.Success) return null;
        var errors = new FieldErrors();
        errors.Add(failed.Groups["name"].Value, Expected(failed.Groups["type"].Value.TrimEnd('?')));
        return errors;
    }

    private static string Expected(string type) => type switch
    {
        "int" or "long" or "short" => "Expected a whole number.",
        "decimal" or "double" or "float" => "Expected a number.",
        "bool" => "Expected true or false.",
        "DateOnly" => "Expected a date as yyyy-MM-dd.",
        _ => $"Not a valid {type}.",
    };

    [System.Text.RegularExpressions.GeneratedRegex(
        """^Failed to bind parameter "(?<type>[^"]+) (?<name>[A-Za-z0-9_]+)" from""")]
    private static partial System.Text.RegularExpressions.Regex FailedToBind();
}
