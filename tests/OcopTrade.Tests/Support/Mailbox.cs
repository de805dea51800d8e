using System.Text.Json.Nodes;

namespace OcopTrade.Tests.Support;

/// <summary>The mail maildev caught, read through its REST API (<c>GET /api/email</c>): what a person would read at
/// its web address.</summary>
public sealed class Mailbox(Uri maildev)
{
    public async Task<List<JsonObject>> ToAsync(string address)
    {
        using var client = new HttpClient { BaseAddress = maildev };
        var all = JsonNode.Parse(await client.GetStringAsync("api/email"))!.AsArray();
        return [.. all.Select(m => m!.AsObject()).Where(m => m["to"]!.AsArray()
            .Any(to => string.Equals(to!["address"]!.GetValue<string>(), address, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>Waits for the first mail to <paramref name="address"/> (the mailer runs in the background).</summary>
    public async Task<JsonObject> MailToAsync(string address) =>
        (await Eventually.HoldsAsync(() => ToAsync(address), mails => mails.Count > 0,
            because: $"a mail to {address}"))[0];
}
