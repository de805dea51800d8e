using Azure.Data.Tables;

namespace OcopTrade.Functions.Revenue;

public sealed partial class RevenueStore
{
    /// <summary>Starts recording one producer's marketplace order lines: enters the writers' lease and reads the
    /// producer's year rows now, while the caller still reads what its lines are decided from (orders, products,
    /// stock). Dispose it to leave the lease.</summary>
    public OrderLinesWriter BeginOrderLines(string producerId, CancellationToken cancellationToken) =>
        new(this, producerId, lease.EnterWriterAsync(cancellationToken),
            RowsByKeyAsync(YearRows(producerId), key => key, cancellationToken));

    /// <summary>
    /// Marketplace order lines of one producer, recorded in bulk (<see cref="RecordAsync"/>). The entries (sales, and
    /// corrections that adjust them) go in entity-group transactions of 100, a few side by side; each transaction is
    /// an import of its own (its id a hash of its entry ids, carried by its entries). Then the cells they move,
    /// summed: the producer's year rows in one transaction with a marker per entries' transaction
    /// (<see cref="OrderLinesCellsMarker"/>), the province's in one with theirs
    /// (<see cref="ProvinceRollups.ApplyImportsAsync"/>). Every transaction is all-or-nothing, entry ids are
    /// deterministic and the markers say which cells moved, so a batch cut short (a crash, a lost race) is completed
    /// by the next one: what was written replays, its cells are moved if they were not, nothing counts twice. Same
    /// outcomes as <see cref="RevenueStore.RecordAsync"/> entry by entry; the month cap is checked against the year
    /// rows read first.
    /// </summary>
    public sealed class OrderLinesWriter(RevenueStore store, string producerId, Task<IAsyncDisposable> entering,
        Task<Dictionary<string, TableEntity>> yearsFirst) : IAsyncDisposable
    {
        /// <summary>Records the lines. <paramref name="carriedBy"/> gives, by entry id, the order an entry carries
        /// when it is created (<see cref="CarriedOrderProperty"/>), made as its transaction is.
        /// <paramref name="stored"/> are the producer's stored entries among the batch's ids and the sales they adjust,
        /// as read with the batch's orders: the batch is decided against them first (storage refuses an id written
        /// since, and they are read again). No entry is written before <paramref name="before"/> is done (the stock
        /// these lines move).</summary>
        public async Task<List<(RevenueFields Entry, RecordOutcome Outcome)>> RecordAsync(
            (string Province, string RecordedBy) by, IReadOnlyList<RevenueFields> entries,
            Func<string, string?> carriedBy, IReadOnlyCollection<TableEntity> stored, Task before,
            CancellationToken cancellationToken)
        {
            await before;
            if (entries.Count == 0) return [];
            await entering;
            for (var attempt = 0; ; attempt++)
            {
                var (found, years) = attempt == 0
                    ? (stored.ToDictionary(e => e.RowKey[2..], StringComparer.Ordinal), await yearsFirst)
                    : await store.StoredOrderEntriesAsync(producerId, entries, cancellationToken);
                var decided = DecideOrderLines(producerId, entries, found, years);
                try
                {
                    var replayed = await store.ReplayedTransactionsAsync(producerId, decided.Replayed,
                        cancellationToken);
                    var written = await store.WriteOrderLinesAsync(by, decided.Written, carriedBy, cancellationToken);
                    await store.MoveOrderLinesCellsAsync(producerId, written, replayed, years, cancellationToken);
                    return decided.Outcomes;
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
                {
                    // A concurrent writer wrote one of these ids: read again, go on from there.
                    await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
                }
            }
        }

        /// <summary>Leaves the lease once entered; a failure to enter it or to read the year rows was the recording's
        /// to report.</summary>
        public async ValueTask DisposeAsync()
        {
            await ((Task)yearsFirst).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await ((Task)entering).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (entering.IsCompletedSuccessfully) await entering.Result.DisposeAsync();
        }
    }
}
