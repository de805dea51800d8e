using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Access;

/// <summary>API keys: issued and revoked by an administrator.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class KeyFunctions
{
    [Function(nameof(IssueKey))]
    public static Task IssueKey(
        [HttpTrigger(Anonymous, "post", Route = "api/keys")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RevokeKey))]
    public static Task RevokeKey(
        [HttpTrigger(Anonymous, "delete", Route = "api/keys/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}
