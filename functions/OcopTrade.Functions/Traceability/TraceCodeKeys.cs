using System.Security.Cryptography;
using System.Text;

namespace OcopTrade.Functions.Traceability;

/// <summary>The keys trace codes are checked with: the current one makes new codes; earlier ones, rotated out, still
/// verify the labels already printed with them. A key is never derived from another secret: the check symbols on every
/// printed label would let anyone test guesses of that secret offline. Each key listed lets a made-up code pass its
/// 15-bit check by chance once more in 32 768, so drop a previous key once its labels are off the shelves.</summary>
public sealed record TraceCodeKeys(byte[] Current, IReadOnlyList<byte[]> Previous)
{
    public IReadOnlyList<byte[]> All => [Current, .. Previous];

    /// <summary>A configured secret's key, made as it always was, so codes printed under it stay valid.</summary>
    public static byte[] FromSecret(string secret) =>
        SHA256.HashData(Encoding.UTF8.GetBytes("ocop-trace-code|" + secret));
}

/// <summary>Where the keys come from: <c>Ocop:TraceCodeKey</c> (Key Vault in Azure) and, after a rotation, the keys it
/// replaced under <c>Ocop:PreviousTraceCodeKeys:0</c>, <c>:1</c>…; where no key is configured (a laptop, the tests),
/// one generated on first run and kept in storage (<see cref="TraceKeyRing"/>).</summary>
public sealed record TraceKeySettings(string? Current, IReadOnlyList<string> Previous)
{
    public const string CurrentKey = "Ocop:TraceCodeKey";
    public const string PreviousKeys = "Ocop:PreviousTraceCodeKeys";

    /// <summary>Reads the settings, refusing (so the app does not start) what would make codes forgeable or labels
    /// unverifiable: in Azure no key, and anywhere a Key Vault reference the platform could not resolve (it then
    /// passes the reference text itself, which is no secret).</summary>
    public static TraceKeySettings Read(IConfiguration configuration)
    {
        var current = configuration[CurrentKey] is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
        var previous = configuration.GetSection(PreviousKeys).GetChildren()
            .Select(c => c.Value).OfType<string>().Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        if (current is null && InAzure(configuration))
            throw new InvalidOperationException(
                $"{CurrentKey} is not set. In Azure the trace code key must come from Key Vault " +
                "(Ocop__TraceCodeKey); the app will not make codes under a key of its own there.");
        if (previous.Prepend(current).Any(IsUnresolvedReference))
            throw new InvalidOperationException($"{CurrentKey} or {PreviousKeys} holds an unresolved Key Vault " +
                "reference; check the app's access to the vault.");
        return new TraceKeySettings(current, previous);
    }

    private static bool IsUnresolvedReference(string? key) =>
        key?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) is true;

    /// <summary>Azure App Service and Functions set these on every instance.</summary>
    public static bool InAzure(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["WEBSITE_SITE_NAME"])
        || !string.IsNullOrEmpty(configuration["WEBSITE_INSTANCE_ID"]);

    public TraceCodeKeys Keys(Func<byte[]> generated) => new(
        Current is null ? generated() : TraceCodeKeys.FromSecret(Current),
        Previous.Select(TraceCodeKeys.FromSecret).ToList());
}
