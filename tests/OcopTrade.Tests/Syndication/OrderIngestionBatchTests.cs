using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.MarketplaceOrders;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Syndication;

/// <summary>The app's table client with one extra step that fails transactions writing revenue entries (or other
/// tables named) on demand, after a number of them went through: storage giving out in the middle of a pull's batch.
/// Storage stays the real Azurite; only its answers to those calls are replaced by a failure.</summary>
public sealed class RevenueBatchFault : BeforeSending
{
    private int _allowed = int.MaxValue;
    private string[] _tables = ["RevenueEntries"];

    /// <summary>Fails transactions on these tables (revenue entries unless named) after this many went
    /// through.</summary>
    public void FailAfter(int transactions, params string[] tables)
    {
        _tables = tables.Length == 0 ? ["RevenueEntries"] : tables;
        Interlocked.Exchange(ref _allowed, transactions);
    }

    public void Off() => Interlocked.Exchange(ref _allowed, int.MaxValue);

    protected override bool Watches(HttpMessage message) =>
        message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

    protected override Task OnSendingAsync(HttpMessage message, string body)
    {
        if (_tables.Any(t => body.Contains("/" + t, StringComparison.Ordinal))
            && Interlocked.Decrement(ref _allowed) < 0)
            throw new RequestFailedException(503, "Injected: storage failed in the middle of a pull.");
        return Task.CompletedTask;
    }
}

/// <summary>Every table request the app's client sends, its address unescaped: what a pull read.</summary>
public sealed class TableRequestLog : HttpPipelinePolicy
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _sent = new();

    public IReadOnlyCollection<string> Sent => _sent;

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        _sent.Enqueue(Uri.UnescapeDataString(message.Request.Uri.ToString()));
        return ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        _sent.Enqueue(Uri.UnescapeDataString(message.Request.Uri.ToString()));
        ProcessNext(message, pipeline);
    }
}

/// <summary>The simulator, and an app whose revenue transactions can be made to fail and whose table requests are
/// logged.</summary>
public sealed class FaultyRevenueFixture : SyndicationFixture
{
    public RevenueBatchFault Fault { get; } = new();
    public TableRequestLog Requests { get; } = new();

    protected override void Configure(OcopApp app) => app.WithServices(services =>
    {
        var options = new TableClientOptions();
        options.AddPolicy(Fault, HttpPipelinePosition.PerCall);
        options.AddPolicy(Requests, HttpPipelinePosition.PerCall);
        services.AddSingleton(new TableServiceClient(Storage.ConnectionString, options));
    });
}

/// <summary>A pull's orders are recorded in bulk; these are the rules the bulk path must keep: a whole pull replayed
/// records and moves nothing twice, a pull cut short mid-batch is completed exactly once by the next, and the roll-ups
/// of a pull spanning months are right per month, for the producer and its province.</summary>
[Collection("Marketplace simulator")]
public class OrderIngestionBatchTests(FaultyRevenueFixture fixture) : IClassFixture<FaultyRevenueFixture>
{
    private const long Price = 350_000;
    private static readonly TimeSpan Ict = TimeSpan.FromHours(7);
    private OcopApp App => fixture.App;
    private Simulator Simulator => fixture.Simulator;

    private async Task<(HttpClient Producer, string ProducerId, string ProductId, string Sku)> LiveAsync(int stock)
    {
        var (producer, producerId, productId) = await fixture.PublishedProductAsync(p => p["stock"] = stock);
        await SyndicationFixture.SyndicateAsync(producer, productId, "voso");
        await SyndicationFixture.UntilAsync(producer, productId, "live", "voso");
        return (producer, producerId, productId, "OCOP-" + productId.ToUpperInvariant());
    }

    private async Task<string> OrderAsync(string producerId, string sku, int quantity, string? status = "completed",
        DateTimeOffset? at = null)
    {
        var id = await Simulator.PlaceOrderAsync("voso", Simulator.Seller("voso", producerId), sku, quantity, Price,
            at);
        if (status is not null) await Simulator.AdvanceOrderAsync("voso", id, status, at);
        return id;
    }

    private Task PullAsync() => App.RunFunctionAsync("PullVosoOrders");

    /// <summary>A pull whose storage fails once this many transactions went through (on revenue entries, or the
    /// tables named).</summary>
    private async Task PullFailingAfterAsync(int transactions, params string[] tables)
    {
        fixture.Fault.FailAfter(transactions, tables);
        try { await PullAsync(); }
        finally { fixture.Fault.Off(); }
    }

    /// <summary>The pull's checkpoint set back, as if nothing since had been read.</summary>
    private Task RewindAsync(string producerId, DateTimeOffset to) =>
        App.Services.GetRequiredService<OrderStore>().MoveCheckpointAsync("voso", producerId,
            OrderCheckpoint.From(to), default);

    private static async Task<List<JsonObject>> EntriesAsync(HttpClient producer, string producerId) =>
        (await (await producer.GetAsync($"/api/revenue?producerId={producerId}&pageSize=200"))
            .ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().OfType<JsonObject>().ToList();

    private async Task<long> ReportAsync(string scope, string from, string to) =>
        (await (await App.Client().GetAsync($"/api/reports/revenue?{scope}&from={from}&to={to}"))
            .ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>();

    /// <summary>The revenue of the province every producer here is in.</summary>
    private Task<long> ProvinceAsync(string from, string to) => ReportAsync("province=Lai%20Ch%C3%A2u", from, to);

    private static async Task<int?> StockAsync(HttpClient producer, string productId) =>
        (await (await producer.GetAsync($"/api/products/{productId}")).ExpectAsync(HttpStatusCode.OK))["stock"]
            ?.GetValue<int>();

    private static string Month(DateTimeOffset at) => at.ToOffset(Ict).ToString("yyyy-MM");

    [Fact]
    public async Task A_pull_that_finds_only_the_orders_its_checkpoint_recorded_reads_none_of_the_producers_revenue()
    {
        var (_, producerId, _, sku) = await LiveAsync(stock: 50);
        await OrderAsync(producerId, sku, 2);
        await PullAsync();
        var month = Month(DateTimeOffset.UtcNow);
        Assert.Equal(2 * Price, await ReportAsync($"producerId={producerId}", month, month));
        var before = fixture.Requests.Sent.Count;

        await PullAsync(); // the marketplace lists the order again: it changed at the checkpoint's moment

        var revenue = fixture.Requests.Sent.Skip(before)
            .Where(r => r.Contains("/RevenueEntries", StringComparison.Ordinal) && r.Contains(producerId)).ToList();
        Assert.Empty(revenue);
        await OrderAsync(producerId, sku, 3);
        await PullAsync();
        Assert.Equal(5 * Price, await ReportAsync($"producerId={producerId}", month, month));
    }

    [Fact]
    public async Task A_pull_reads_every_producers_checkpoint_in_one_query_not_one_read_each()
    {
        var sellers = new[] { await LiveAsync(stock: 50), await LiveAsync(stock: 50) };
        foreach (var (_, producerId, _, sku) in sellers) await OrderAsync(producerId, sku, 2);
        await PullAsync();
        var before = fixture.Requests.Sent.Count;

        await PullAsync();

        var checkpoints = fixture.Requests.Sent.Skip(before)
            .Where(r => r.Contains("~checkpoint", StringComparison.Ordinal)).ToList();
        Assert.Single(checkpoints, r => r.Contains("/MarketplaceOrders()", StringComparison.Ordinal));
        Assert.DoesNotContain(checkpoints, r => r.Contains("/MarketplaceOrders(Partition", StringComparison.Ordinal));
        var all = await App.Services.GetRequiredService<OrderStore>().CheckpointsAsync("voso", default);
        Assert.All(sellers, s => Assert.True(all.ContainsKey(s.ProducerId)));
    }

    [Fact]
    public async Task A_pull_reads_its_province_cells_by_kind_not_every_producer_whose_id_sorts_between_them()
    {
        var (_, producerId, _, sku) = await LiveAsync(stock: 50);
        await OrderAsync(producerId, sku, 2);
        var before = fixture.Requests.Sent.Count;
        await PullAsync();

        var ranges = fixture.Requests.Sent.Skip(before).Where(r => r.Contains("/RevenueRollups()"))
            .Select(r => System.Text.RegularExpressions.Regex.Match(r, "RowKey ge '([^']*)' and RowKey le '([^']*)'"))
            .Where(m => m.Success).Select(m => (First: m.Groups[1].Value, Last: m.Groups[2].Value)).ToList();
        // Its channel-month cell and its own cell, each read on its own: a range from one to the other would read
        // the cells of the province's producers whose ids sort before its own.
        Assert.Contains(ranges, r => r.First == "p|" + producerId && r.Last == r.First);
        Assert.All(ranges, r => Assert.Equal(r.First[..2], r.Last[..2]));
        var month = Month(DateTimeOffset.UtcNow);
        Assert.Equal(2 * Price, await ReportAsync($"producerId={producerId}", month, month));
    }

    [Fact]
    public async Task A_whole_pull_read_again_records_nothing_twice_and_moves_no_stock_twice()
    {
        var (producer, producerId, productId, sku) = await LiveAsync(stock: 50);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await OrderAsync(producerId, sku, 2);
        var returned = await OrderAsync(producerId, sku, 3);
        await OrderAsync(producerId, sku, 4, status: null); // placed: its units leave the stock, no revenue yet
        await Simulator.AdvanceOrderAsync("voso", returned, "returned");
        await PullAsync();
        var month = Month(DateTimeOffset.UtcNow);
        var first = (await EntriesAsync(producer, producerId)).Select(e => e["id"]!.GetValue<string>()).Order();

        await RewindAsync(producerId, start);
        await PullAsync();
        await RewindAsync(producerId, start);
        await PullAsync();

        Assert.Equal(first, (await EntriesAsync(producer, producerId)).Select(e => e["id"]!.GetValue<string>()).Order());
        Assert.Equal(3, first.Count()); // two sales, one correction
        Assert.Equal(2 * Price, await ReportAsync($"producerId={producerId}", month, month));
        Assert.Equal(50 - 2 - 3 - 4, await StockAsync(producer, productId));
    }

    [Fact]
    public async Task A_pull_cut_short_after_its_first_transaction_is_completed_by_the_next_exactly_once()
    {
        var (producer, producerId, _, sku) = await LiveAsync(stock: 1000);
        const int orders = 150; // two transactions of entries
        for (var i = 0; i < orders; i++) await OrderAsync(producerId, sku, 1);
        var month = Month(DateTimeOffset.UtcNow);
        var provinceBefore = await ProvinceAsync(month, month);

        await PullFailingAfterAsync(1);
        var cut = (await EntriesAsync(producer, producerId)).Count;
        Assert.InRange(cut, 1, orders - 1); // the first transaction went through, the rest did not

        await PullAsync();
        var entries = await EntriesAsync(producer, producerId);
        Assert.Equal(orders, entries.Select(e => e["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(orders * Price, await ReportAsync($"producerId={producerId}", month, month));
        Assert.Equal(orders * Price, await ProvinceAsync(month, month) - provinceBefore);
    }

    /// <summary>A pull whose entries went in but whose producer cells did not (storage failed between them): the
    /// report lags until the next pull, which moves the cells once, by the transactions' missing markers; the
    /// province's went in beside them and are not moved again.</summary>
    [Fact]
    public async Task A_pull_cut_off_from_its_cells_after_its_entries_has_them_moved_once_by_the_next()
    {
        var (producer, producerId, _, sku) = await LiveAsync(stock: 1000);
        const int orders = 150; // two transactions of entries, then the cells'
        for (var i = 0; i < orders; i++) await OrderAsync(producerId, sku, 1);
        var month = Month(DateTimeOffset.UtcNow);
        var provinceBefore = await ProvinceAsync(month, month);

        await PullFailingAfterAsync(2);
        Assert.Equal(orders, (await EntriesAsync(producer, producerId)).Count);
        Assert.Equal(0, await ReportAsync($"producerId={producerId}", month, month));

        await PullAsync();
        await PullAsync();
        Assert.Equal(orders * Price, await ReportAsync($"producerId={producerId}", month, month));
        Assert.Equal(orders * Price, await ProvinceAsync(month, month) - provinceBefore);
    }

    /// <summary>A pull whose entries and producer cells went in but whose province cells did not: a next pull that
    /// re-reads only part of a transaction finds its province markers missing and moves its province cells, once.
    /// </summary>
    [Fact]
    public async Task A_pull_cut_off_from_its_province_cells_has_them_moved_once_by_a_pull_reading_part_of_it()
    {
        var (_, producerId, _, sku) = await LiveAsync(stock: 1000);
        const int orders = 150; // two transactions of entries: the first 100 orders, then 50
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 0; i < orders; i++) await OrderAsync(producerId, sku, 1, at: start.AddSeconds(i));
        var (from, to) = (Month(start), Month(start.AddSeconds(orders)));
        var provinceBefore = await ProvinceAsync(from, to);

        await PullFailingAfterAsync(0, "RevenueRollups");
        Assert.Equal(orders * Price, await ReportAsync($"producerId={producerId}", from, to));
        Assert.Equal(provinceBefore, await ProvinceAsync(from, to));

        await RewindAsync(producerId, start.AddSeconds(50)); // the first transaction's second half, and the other
        await PullAsync();
        await PullAsync();
        Assert.Equal(orders * Price, await ReportAsync($"producerId={producerId}", from, to));
        Assert.Equal(orders * Price, await ProvinceAsync(from, to) - provinceBefore);
    }

    /// <summary>An order that changes while a pull reads its pages moves to the end of the list. Counted by page
    /// numbers, the order first on the next page would slip back onto the page already read, and the checkpoint would
    /// then pass it for good; read from the moment of the last change instead, no order goes unread.</summary>
    [Fact]
    public async Task An_order_changing_while_a_pull_reads_its_pages_lets_no_other_order_go_unread()
    {
        var (producer, producerId, _, sku) = await LiveAsync(stock: 1000);
        const int orders = 110; // more than a page of 100
        var ids = new List<string>();
        for (var i = 0; i < orders; i++) ids.Add(await OrderAsync(producerId, sku, 1));
        await Simulator.AdvanceOrderLaterAsync("voso", ids[0], "returned", listRequests: 1);

        await PullAsync();
        await PullAsync();

        var month = Month(DateTimeOffset.UtcNow);
        Assert.Equal((orders - 1) * Price, await ReportAsync($"producerId={producerId}", month, month));
        Assert.Equal(orders + 1, (await EntriesAsync(producer, producerId)).Count); // each sale, and the correction
    }

    /// <summary>A rebuild counts every entry, those a crash cut off from their cells too (the producer's and the
    /// province's), and marks their transactions: the pull that replays them afterwards moves nothing again.</summary>
    [Fact]
    public async Task A_rebuild_after_a_pull_cut_off_from_its_cells_counts_them_once_and_so_does_the_next_pull()
    {
        var (_, producerId, _, sku) = await LiveAsync(stock: 1000);
        const int orders = 120;
        for (var i = 0; i < orders; i++) await OrderAsync(producerId, sku, 1);
        var month = Month(DateTimeOffset.UtcNow);
        var provinceBefore = await ProvinceAsync(month, month);
        await PullFailingAfterAsync(2, "RevenueEntries", "RevenueRollups");
        Assert.Equal(provinceBefore, await ProvinceAsync(month, month));

        await (await App.Client().PostAsync("/api/revenue/rebuild-rollups", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(orders * Price, await ReportAsync($"producerId={producerId}", month, month));
        var provinceRebuilt = await ProvinceAsync(month, month);
        await PullAsync();
        Assert.Equal(orders * Price, await ReportAsync($"producerId={producerId}", month, month));
        Assert.Equal(provinceRebuilt, await ProvinceAsync(month, month));
    }

    /// <summary>Order-line transactions' province cells go in together, in one transaction; when a replay applied
    /// one of them first, its marker refuses that transaction, and each is applied on its own: the one applied is
    /// skipped, so each counts once.</summary>
    [Fact]
    public async Task Province_cells_applied_together_count_once_each_when_one_was_applied_alone_first()
    {
        var rollups = App.Services.GetRequiredService<ProvinceRollups>();
        const string province = "Lai Châu";
        var month = Month(DateTimeOffset.UtcNow);
        var year = int.Parse(month[..4]);
        var (a, b) = ("p" + Guid.NewGuid().ToString("N")[..11], "p" + Guid.NewGuid().ToString("N")[..11]);
        (string, List<(string, string, RollupDelta)>) Import(string producerId, long amount) =>
            ("lines." + Guid.NewGuid().ToString("N"),
                [(producerId, province, new RollupDelta(SalesChannel.Ecommerce, month, amount, 1))]);
        async Task<long> EcommerceAsync() => (await rollups.ChannelMonthsAsync(province, year, month, month, default))
            .Where(c => c.Channel == SalesChannel.Ecommerce).Sum(c => c.AmountVnd);
        var (first, second) = (Import(a, 1_000), Import(b, 20_000));
        var before = await EcommerceAsync();

        await rollups.ApplyImportAsync(first.Item1, first.Item2, default);
        await rollups.ApplyImportsAsync([first, second], default);
        await rollups.ApplyImportsAsync([first, second], default);

        Assert.Equal(21_000, await EcommerceAsync() - before);
        var producers = await rollups.ProducerTotalsAsync(province, year, month, month, false, default);
        Assert.Equal(new Dictionary<string, long> { [a] = 1_000, [b] = 20_000 },
            producers.Where(p => p.ProducerId == a || p.ProducerId == b).ToDictionary());
    }

    [Fact]
    public async Task A_pull_spanning_months_moves_each_months_roll_up_by_that_months_lines()
    {
        var (_, producerId, _, sku) = await LiveAsync(stock: 100);
        // Mid-month in ICT, two and one month back: a sale in each, and the older one returned a month later.
        var thisMonth = DateTimeOffset.UtcNow.ToOffset(Ict);
        var older = new DateTimeOffset(thisMonth.Year, thisMonth.Month, 15, 12, 0, 0, Ict).AddMonths(-2);
        var newer = older.AddMonths(1);
        await RewindAsync(producerId, older.AddDays(-1));
        var returned = await OrderAsync(producerId, sku, 2, at: older);
        await OrderAsync(producerId, sku, 1, at: older.AddHours(1));
        await OrderAsync(producerId, sku, 5, at: newer);
        await Simulator.AdvanceOrderAsync("voso", returned, "returned", newer.AddHours(2));
        var (olderMonth, newerMonth) = (Month(older), Month(newer));
        var provinceBefore = (await ProvinceAsync(olderMonth, olderMonth),
            await ProvinceAsync(newerMonth, newerMonth));

        await PullAsync();

        Assert.Equal(3 * Price, await ReportAsync($"producerId={producerId}", olderMonth, olderMonth));
        Assert.Equal((5 - 2) * Price, await ReportAsync($"producerId={producerId}", newerMonth, newerMonth));
        Assert.Equal(3 * Price,
            await ProvinceAsync(olderMonth, olderMonth) - provinceBefore.Item1);
        Assert.Equal((5 - 2) * Price,
            await ProvinceAsync(newerMonth, newerMonth) - provinceBefore.Item2);
    }

    [Fact]
    public async Task A_completed_order_is_kept_by_its_revenue_entry_and_read_back_as_its_newest_state()
    {
        var (producer, producerId, _, sku) = await LiveAsync(stock: 10);
        var placed = await OrderAsync(producerId, sku, 1, status: null);
        var completed = await OrderAsync(producerId, sku, 2);
        await PullAsync();
        // Only the placed order has a row: the completed one is carried by its sale.
        var orders = new TableServiceClient(fixture.Storage.ConnectionString).GetTableClient("MarketplaceOrders");
        var rows = orders.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {producerId}"));
        Assert.Equal([$"voso|{placed}"], await rows.Select(r => r.RowKey).ToListAsync());
        Assert.Equal(new Dictionary<string, (string, long)>
        {
            [placed] = ("placed", Price), [completed] = ("completed", 2 * Price),
        }, await OrdersAsync(producer, producerId));

        await Simulator.AdvanceOrderAsync("voso", placed, "completed");
        await Simulator.AdvanceOrderAsync("voso", completed, "returned");
        await PullAsync();
        await PullAsync();
        Assert.Equal(new Dictionary<string, (string, long)>
        {
            [placed] = ("completed", Price), [completed] = ("returned", 2 * Price),
        }, await OrdersAsync(producer, producerId));
        Assert.Equal(Price, await ReportAsync($"producerId={producerId}", Month(DateTimeOffset.UtcNow),
            Month(DateTimeOffset.UtcNow)));
    }

    private static async Task<Dictionary<string, (string, long)>> OrdersAsync(HttpClient producer,
        string producerId) =>
        JsonNode.Parse(await producer.GetStringAsync($"/api/producers/{producerId}/marketplace-orders"))!.AsArray()
            .ToDictionary(o => o!["orderId"]!.GetValue<string>(), o => (o!["status"]!.GetValue<string>(),
                o["amountVnd"]!.GetValue<long>()));
}
