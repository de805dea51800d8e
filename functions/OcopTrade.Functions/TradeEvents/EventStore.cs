using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.TradeEvents;

public enum ApplyOutcome { Created, Replayed, KeyReused, AlreadyApplied }

public enum DecideOutcome { Decided, Stale, StallTaken }

/// <summary>
/// One partition per event: the event (row <c>""</c>), its applications (<c>a|{id}</c>), one claim per producer
/// (<c>p|{producerId}</c>, so a producer applies once) and one claim per assigned stall (<c>s|{number}</c>, so two
/// decisions cannot give one stall twice). Each application and its claim are written in one transaction.
/// Records are kept as JSON beside the few properties queries filter on; nothing is ever deleted.
/// </summary>
public sealed class EventStore(TableServiceClient service)
{
    private const string EventRow = "";
    private const string Fingerprint = "RequestFingerprint";
    private readonly TableClient _table = service.GetTableClient(StorageNames.TradeEventsTable);

    public async Task<(TradeEvent Event, ETag ETag, bool Created, bool SameRequest)> CreateAsync(
        TradeEvent ev, string fingerprint, CancellationToken cancellationToken)
    {
        var (stored, etag, created, same) =
            await IdempotentInsert.AddAsync(_table, ToEntity(ev), fingerprint, cancellationToken);
        return (Read<TradeEvent>(stored), etag, created, same);
    }

    public async Task<(TradeEvent Event, ETag ETag)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return null;
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id, EventRow,
            cancellationToken: cancellationToken);
        return found.HasValue ? (Read<TradeEvent>(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>Replaces the event if nobody changed it since <paramref name="ifMatch"/>; null when stale.</summary>
    public async Task<ETag?> ReplaceAsync(TradeEvent ev, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var entity = ToEntity(ev);
            var response = await _table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Merge, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return null; }
    }

    /// <summary>Admin: every event; a department: its province's; a producer: its province's open events.</summary>
    public async Task<IReadOnlyList<TradeEvent>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {EventRow}");
        if (caller.Role is Role.Department or Role.Producer)
            filter += " and " + TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(caller.Province ?? "")}");
        if (caller.Role == Role.Producer)
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {nameof(EventStatus.Open)}");
        var events = new List<TradeEvent>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            events.Add(Read<TradeEvent>(e));
        return events.OrderBy(e => e.From).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Adds an application with its producer's claim. On a claim that exists: the same application again
    /// (a retry) is answered as stored, another one is refused, pointing to the first.</summary>
    public async Task<(ApplyOutcome Outcome, EventApplication Application, ETag ETag)> ApplyAsync(
        EventApplication application, string fingerprint, CancellationToken cancellationToken)
    {
        var row = ToEntity(application);
        row[Fingerprint] = fingerprint;
        try
        {
            var response = await _table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, row),
                new(TableTransactionActionType.Add,
                    new TableEntity(application.EventId, ProducerKey(application.ProducerId)) { ["AppId"] = application.Id }),
            ], cancellationToken);
            return (ApplyOutcome.Created, application, response.Value[0].Headers.ETag ?? default);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            var claim = await _table.GetEntityAsync<TableEntity>(
                application.EventId, ProducerKey(application.ProducerId), cancellationToken: cancellationToken);
            var first = (await _table.GetEntityAsync<TableEntity>(application.EventId,
                ApplicationKey(claim.Value.GetString("AppId")), cancellationToken: cancellationToken)).Value;
            var outcome = first.RowKey != row.RowKey ? ApplyOutcome.AlreadyApplied
                : first.GetString(Fingerprint) == fingerprint ? ApplyOutcome.Replayed : ApplyOutcome.KeyReused;
            return (outcome, Read<EventApplication>(first), first.ETag);
        }
    }

    public async Task<(EventApplication Application, ETag ETag)?> FindApplicationAsync(
        string eventId, string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(eventId) || !Ids.LooksValid(id)) return null;
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(eventId, ApplicationKey(id),
            cancellationToken: cancellationToken);
        return found.HasValue ? (Read<EventApplication>(found.Value!), found.Value!.ETag) : null;
    }

    public Task<IReadOnlyList<EventApplication>> ApplicationsAsync(
        string eventId, CancellationToken cancellationToken) =>
        ApplicationsWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}"), cancellationToken);

    /// <summary>One producer's applications, to every event.</summary>
    public Task<IReadOnlyList<EventApplication>> ApplicationsOfAsync(
        string producerId, CancellationToken cancellationToken) =>
        ApplicationsWhereAsync(TableClient.CreateQueryFilter($"ProducerId eq {producerId}"), cancellationToken);

    private async Task<IReadOnlyList<EventApplication>> ApplicationsWhereAsync(
        string filter, CancellationToken cancellationToken)
    {
        filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {"a|"} and RowKey lt {"a}"}");
        var applications = new List<EventApplication>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            applications.Add(Read<EventApplication>(e));
        return applications.OrderBy(a => a.SubmittedAt).ToList();
    }

    /// <summary>Writes a decision if the application is as read at <paramref name="ifMatch"/>, claiming its stall in
    /// the same transaction when it is accepted.</summary>
    public async Task<(DecideOutcome Outcome, ETag ETag)> DecideAsync(
        EventApplication decided, ETag ifMatch, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, ToEntity(decided), ifMatch),
        };
        if (decided.Stall is { } stall)
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(decided.EventId, StallKey(stall))
            { ["AppId"] = decided.Id }));
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
            return (DecideOutcome.Decided, response.Value[0].Headers.ETag ?? default);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return (e.FailedTransactionActionIndex == 1 ? DecideOutcome.StallTaken : DecideOutcome.Stale, default);
        }
    }

    /// <summary>Replaces an application (a withdrawal) if unchanged since <paramref name="ifMatch"/>.</summary>
    public async Task<ETag?> ReplaceApplicationAsync(
        EventApplication application, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            return (await _table.UpdateEntityAsync(ToEntity(application), ifMatch, TableUpdateMode.Merge,
                cancellationToken)).Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return null; }
    }

    private static string ApplicationKey(string id) => "a|" + id;

    private static string ProducerKey(string producerId) => "p|" + producerId;

    private static string StallKey(int stall) =>
        "s|" + stall.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(TradeEvent ev) => new(ev.Id, EventRow)
    {
        ["ProvinceKey"] = Provinces.Key(ev.Province), ["Status"] = ev.Status.ToString(),
        ["Record"] = JsonSerializer.Serialize(ev, Json.Options),
    };

    private static TableEntity ToEntity(EventApplication a) => new(a.EventId, ApplicationKey(a.Id))
    {
        ["ProducerId"] = a.ProducerId, ["Status"] = a.Status.ToString(),
        ["Record"] = JsonSerializer.Serialize(a, Json.Options),
    };

    private static T Read<T>(TableEntity e) => JsonSerializer.Deserialize<T>(e.GetString("Record"), Json.Options)!;
}
