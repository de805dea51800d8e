using Microsoft.AspNetCore.Http;

namespace OcopTrade.LocalHost;

/// <summary>The host's own errors as RFC 9457 problem details: Vietnamese title, English detail.</summary>
public static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail,
        TimeSpan? retryAfter = null)
    {
        var allow = context.Response.Headers.Allow;
        context.Response.Clear();
        context.Response.Headers.Allow = allow;
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
        return context.Response.WriteAsJsonAsync(new
        {
            type = "about:blank", title, status, detail,
            instance = context.Request.Path.Value
        }, options: null, contentType: "application/problem+json");
    }

    public static Task NotFound(HttpContext context) => WriteAsync(context, 404, "Không tìm thấy",
        $"No function is routed at {context.Request.Path}.");

    public static Task MethodNotAllowed(HttpContext context, IEnumerable<string> allowed)
    {
        context.Response.Headers.Allow = string.Join(", ", allowed);
        return WriteAsync(context, 405, "Phương thức không được hỗ trợ",
            $"{context.Request.Method} is not allowed on {context.Request.Path}.");
    }

    public static Task BodyRefused(HttpContext context) => WriteAsync(context, 413, "Dữ liệu gửi lên quá lớn",
        "The function stopped reading the request body before its end: it is larger than the function accepts.");

    public static Task WorkerUnavailable(HttpContext context, string detail) => WriteAsync(context, 503,
        "Dịch vụ tạm thời không sẵn sàng", detail, TimeSpan.FromSeconds(5));
}
