using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Access;

/// <summary>Portal sessions live in table storage and the cookie carries only a session's id, so signing out
/// deletes the session and its old cookie stops working at once, on every instance; a copied cookie is worth
/// nothing after sign-out. Each request with a session reads its row (a point read).</summary>
public sealed class SessionTickets(TableServiceClient service, TimeProvider clock) : ITicketStore
{
    private readonly TableClient _table = service.GetTableClient(StorageNames.PortalSessionsTable);

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await _table.AddEntityAsync(Row(id, ticket));
        return id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) =>
        _table.UpsertEntityAsync(Row(key, ticket), TableUpdateMode.Replace);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(key, "");
        if (!row.HasValue || row.Value!.GetDateTimeOffset("ExpiresAt") <= clock.GetUtcNow()) return null;
        return TicketSerializer.Default.Deserialize(row.Value.GetBinary("Ticket"));
    }

    public async Task RemoveAsync(string key)
    {
        try { await _table.DeleteEntityAsync(key, "", ETag.All); }
        catch (RequestFailedException e) when (e.Status == 404) { } // signed out twice, or already swept
    }

    private TableEntity Row(string id, AuthenticationTicket ticket) => new(id, "")
    {
        ["Ticket"] = TicketSerializer.Default.Serialize(ticket),
        ["ExpiresAt"] = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow().AddHours(8),
    };
}
