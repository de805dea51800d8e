using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace OcopTrade.LocalHost.TestWorker;

/// <summary>HTTP functions with the route shapes the host must route: constraints, methods, a streamed body.</summary>
public sealed class HttpFunctions(Records records)
{
    [Function("ItemById")]
    public IActionResult ItemById(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:int}")] HttpRequest request, int id) =>
        new OkObjectResult(new { function = "ItemById", id });

    [Function("ItemByName")]
    public IActionResult ItemByName(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "items/{name:alpha}")] HttpRequest request,
        string name) =>
        new OkObjectResult(new { function = "ItemByName", name, method = request.Method });

    /// <summary>Reads the body as it arrives and answers its length and SHA-256: the body is never held whole.
    /// With ?signal=key it records once the first bytes have arrived, while the client still holds the rest.
    /// </summary>
    [Function("Upload")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "upload")] HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer)) > 0)
        {
            if (length == 0 && request.Query["signal"] is [{ } signal])
                await records.AddAsync("UploadStarted", signal, new Dictionary<string, object?>());
            hash.AppendData(buffer, 0, read);
            length += read;
        }
        return new OkObjectResult(new { length, sha256 = Convert.ToHexString(hash.GetHashAndReset()) });
    }

    /// <summary>The worker process dies while this request is in flight.</summary>
    [Function("Die")]
    public IActionResult Die([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "die")] HttpRequest request)
    {
        Environment.Exit(3);
        return new OkResult();
    }

    /// <summary>What the worker sees of a request: the caller's address (after the ASP.NET Core integration applied
    /// its host's X-Forwarded-For), the Host, the path as received and the route value.</summary>
    [Function("Echo")]
    public IActionResult Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "echo/{value}")] HttpRequest request,
        string value) =>
        new OkObjectResult(new
        {
            remote = request.HttpContext.Connection.RemoteIpAddress?.ToString(),
            host = request.Host.Value,
            target = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()
                ?.RawTarget,
            value,
        });

    [Function("Pid")]
    public IActionResult Pid([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pid")] HttpRequest request) =>
        new OkObjectResult(new { pid = Environment.ProcessId });
}
