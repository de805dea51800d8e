using Microsoft.AspNetCore.Diagnostics;

namespace OcopTrade.Functions.Platform;

/// <summary>Query and route values that do not bind ("stars=abc", "group=fruit") become a 400 problem that says
/// which parameter, rather than an empty 400.</summary>
public sealed class BadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400;
        var result = status == 413
            ? Problems.TooLarge(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0)
            : Problems.Problem(status, "Yêu cầu không hợp lệ", bad.Message, "bad-request");
        await result.ExecuteAsync(context);
        return true;
    }
}
