using System.Net;
using System.Text.Json;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Runtime;

public static class InvocationEndpoints
{
    private static readonly JsonSerializerOptions Protocol = new() { PropertyNameCaseInsensitive = false };

    /// <summary><c>POST /{FunctionName}</c> for every queue and timer function, exactly as the Functions host calls a
    /// custom handler. Only the host on the same machine may call it, so it answers loopback callers only.</summary>
    public static IEndpointRouteBuilder MapFunctionInvocations(this IEndpointRouteBuilder app, IEnumerable<FunctionDefinition> table)
    {
        foreach (var function in table.Where(f => f.Handler is not null))
        {
            app.MapPost("/" + function.Name, async (HttpContext context, FunctionInvoker invoker, CancellationToken cancellationToken) =>
            {
                if (context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
                    return Results.NotFound();
                InvocationRequest? invocation;
                try
                {
                    invocation = await JsonSerializer.DeserializeAsync<InvocationRequest>(context.Request.Body, Protocol, cancellationToken);
                }
                catch (JsonException)
                {
                    // The parser's message quotes the body back; the caller learns only that it was not one.
                    return Problems.Invalid("body", "Not a custom-handler invocation body.");
                }
                if (invocation?.Data is null || invocation.Metadata is null)
                    return Problems.Invalid("body", "The invocation body needs Data and Metadata objects.");

                var (succeeded, result) = await invoker.InvokeAsync(function.Name, invocation, cancellationToken);
                return succeeded ? Results.Json(result, Protocol) : Failed(function.Name);
            }).ExcludeFromDescription()
                .WithMetadata(new RequestSizeLimitMetadata(256 * 1024), new AnonymousBodies.Exempt());
        }
        return app;
    }

    /// <summary>The invoker has logged the exception under the correlation id; its text stays in the app's logs.</summary>
    private static IResult Failed(string name) => Problems.Problem(StatusCodes.Status500InternalServerError,
        "Tác vụ không thành công", $"{name} failed; the cause is in the app's logs under the correlation id.", "function-failed");

    private sealed class RequestSizeLimitMetadata(long size) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => size;
    }
}
