using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace OcopTrade.Functions.Notifications;

/// <summary>What became of a notification's mail: <see cref="Owned"/> (this delivery sends it), <see cref="Sent"/>
/// (mailed before: nothing to do), <see cref="Refused"/> (the server refused it for good before: nothing to do) or
/// <see cref="Busy"/> (another delivery of it is sending now).</summary>
public enum ClaimOutcome { Owned, Sent, Refused, Busy }

public readonly record struct Claim(ClaimOutcome Outcome, ETag ETag);

/// <summary>One row per notification id in <c>SentNotifications</c>, so a notification is mailed once however often
/// its message comes. A delivery first claims the row ("sending"), then sends, then records "sent": the marker of a
/// sent mail is written after the send, so delivery is at-least-once. A failed send gives the claim back and the
/// queue retries; a crash between the send and the record leaves a claim that expires after
/// <see cref="Lease"/>, and the next delivery sends again (the same Message-Id lets mail systems drop the copy).
/// Nothing is lost; at worst one mail arrives twice.</summary>
public sealed class SentNotifications(TableServiceClient tables, TimeProvider clock)
{
    public const string TableName = "SentNotifications";

    /// <summary>Longer than any send can take (three SMTP steps of at most 30 s): a claim older than this belongs
    /// to a delivery that died.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private TableClient Table => tables.GetTableClient(TableName);

    /// <summary>The row's key: a hash, since an id may hold characters table keys refuse ("/", "#", "?").</summary>
    public static string KeyOf(string notificationId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)));

    public async Task<Claim> ClaimAsync(Notification notification, CancellationToken cancellationToken)
    {
        var key = KeyOf(notification.Id);
        try
        {
            var added = await Table.AddEntityAsync(Sending(key, notification), cancellationToken);
            return new Claim(ClaimOutcome.Owned, added.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await ExistingClaimAsync(key, notification, cancellationToken);
        }
    }

    private async Task<Claim> ExistingClaimAsync(string key, Notification notification, CancellationToken token)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(key, "", cancellationToken: token);
        if (!found.HasValue) return await ClaimAsync(notification, token); // given back meanwhile
        var row = found.Value!;
        if (row.GetString("State") == "sent") return new Claim(ClaimOutcome.Sent, row.ETag);
        if (row.GetString("State") == "refused") return new Claim(ClaimOutcome.Refused, row.ETag);
        if (row.GetDateTimeOffset("ClaimedAt") + Lease > clock.GetUtcNow()) return new Claim(ClaimOutcome.Busy, row.ETag);
        try
        {
            var taken = await Table.UpdateEntityAsync(Sending(key, notification), row.ETag, TableUpdateMode.Replace, token);
            return new Claim(ClaimOutcome.Owned, taken.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status == 412) { return new Claim(ClaimOutcome.Busy, row.ETag); }
    }

    /// <summary>The mail has gone: recorded whatever happened to the claim meanwhile, since it is true regardless.
    /// </summary>
    public async Task MarkSentAsync(Notification notification, CancellationToken cancellationToken)
    {
        var row = new TableEntity(KeyOf(notification.Id), "")
        {
            ["State"] = "sent", ["Kind"] = NotificationKind.Of(notification), ["SentAt"] = clock.GetUtcNow(),
        };
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The server refused the mail for good: recorded with why (the server's code, never the address), so
    /// no later delivery of the notification tries again.</summary>
    public async Task MarkRefusedAsync(Notification notification, string reason, CancellationToken cancellationToken)
    {
        var row = new TableEntity(KeyOf(notification.Id), "")
        {
            ["State"] = "refused", ["Kind"] = NotificationKind.Of(notification), ["RefusedAt"] = clock.GetUtcNow(),
            ["Reason"] = reason,
        };
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The send failed: the claim is given back so the retried message may send.</summary>
    public async Task ReleaseAsync(Notification notification, Claim claim, CancellationToken cancellationToken)
    {
        try { await Table.DeleteEntityAsync(KeyOf(notification.Id), "", claim.ETag, cancellationToken); }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { } // taken over or gone already
    }

    /// <summary>"sending", "sent" or "refused", or null when the notification was never claimed (or its claim was
    /// given back).</summary>
    public async Task<string?> StateAsync(string notificationId, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(KeyOf(notificationId), "",
            cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetString("State") : null;
    }

    private TableEntity Sending(string key, Notification notification) => new(key, "")
    {
        ["State"] = "sending", ["Kind"] = NotificationKind.Of(notification), ["ClaimedAt"] = clock.GetUtcNow(),
    };
}
