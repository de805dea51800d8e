using System.Text.Json.Nodes;

namespace OcopTrade.MarketplaceSimulator;

/// <summary>Where a simulated order stands. Placed → completed or cancelled; completed → returned or cancelled (a
/// refund after delivery): the changes a seller's books must follow.</summary>
public enum OrderStatus { Placed, Completed, Cancelled, Returned }

public sealed record OrderLine(string LineId, string Sku, int Quantity, long UnitPrice);

/// <summary>An order as the marketplace keeps it; <see cref="UpdatedAt"/> moves with every status change.</summary>
public sealed class Order
{
    public required string Id { get; init; }
    public required string Seller { get; init; }
    public required IReadOnlyList<OrderLine> Lines { get; init; }
    public OrderStatus Status { get; set; } = OrderStatus.Placed;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public static bool CanMove(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Placed, OrderStatus.Completed or OrderStatus.Cancelled) => true,
        (OrderStatus.Completed, OrderStatus.Returned or OrderStatus.Cancelled) => true,
        _ => false,
    };

    /// <summary>The contract shape voso and postmart share (CONTRACTS.md, "Orders").</summary>
    public JsonObject ToContract() => new()
    {
        ["orderId"] = Id,
        ["status"] = Status.ToString().ToUpperInvariant(),
        ["createdAt"] = CreatedAt,
        ["updatedAt"] = UpdatedAt,
        ["completedAt"] = CompletedAt,
        ["lines"] = new JsonArray([.. Lines.Select(l => (JsonNode)new JsonObject
        {
            ["lineId"] = l.LineId, ["sku"] = l.Sku, ["quantity"] = l.Quantity, ["unitPrice"] = l.UnitPrice,
        })]),
    };
}

/// <summary><c>at</c>, optional: the moment the change happened, for orders of past months; now when
/// absent.</summary>
public sealed record PlaceOrderRequest(string? Seller, List<PlaceOrderLine>? Lines, DateTimeOffset? At = null);
public sealed record PlaceOrderLine(string? Sku, int? Quantity, long? UnitPrice);
/// <param name="AfterListRequests">When set, the move waits: the marketplace answers that many order-list requests
/// first and makes the move just before answering the next one (an order changing while a seller reads its pages).
/// </param>
public sealed record AdvanceOrderRequest(string? Status, DateTimeOffset? At = null, int? AfterListRequests = null);

/// <summary>One marketplace's orders, kept apart from its listings: created and moved by the test hooks, read by
/// sellers updated-since a moment (inclusive: a reader that resumes from the last moment it saw reads that moment
/// again, and must be idempotent).</summary>
public sealed class OrderBook(string prefix)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Order> _orders = [];
    /// <summary>Each seller's orders by last change, as a marketplace indexes them: a page is read from here, not
    /// sorted out of every seller's orders on each request (which grew with every order a benchmark placed).</summary>
    private readonly Dictionary<string, SortedSet<Order>> _bySeller = [];
    private long _next = 1;
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private readonly List<(string Seller, string Id, OrderStatus Status, int Countdown)> _scheduled = [];

    /// <summary>Called after every change, outside the lock: the push channel (Shopee) listens here.</summary>
    public event Action<Order>? Changed;

    public Order Place(string seller, IEnumerable<(string Sku, int Quantity, long UnitPrice)> lines,
        DateTimeOffset? at = null)
    {
        Order order;
        lock (_gate)
        {
            var id = prefix + (_next++).ToString("D8");
            var now = at ?? Tick();
            order = new Order
            {
                Id = id, Seller = seller, CreatedAt = now, UpdatedAt = now,
                Lines = lines.Select((l, i) => new OrderLine($"{i + 1}", l.Sku, l.Quantity, l.UnitPrice)).ToList(),
            };
            _orders[id] = order;
            Seller(seller).Add(order);
        }
        Changed?.Invoke(order);
        return order;
    }

    private SortedSet<Order> Seller(string seller)
    {
        if (!_bySeller.TryGetValue(seller, out var orders))
            _bySeller[seller] = orders = new(Comparer<Order>.Create(ByChange));
        return orders;
    }

    private static int ByChange(Order a, Order b)
    {
        var at = a.UpdatedAt.CompareTo(b.UpdatedAt);
        return at != 0 ? at : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>Moves an order; null when there is no such order or the move is not allowed from where it
    /// stands.</summary>
    public Order? Advance(string id, OrderStatus status, DateTimeOffset? at = null)
    {
        Order? order;
        lock (_gate)
        {
            if (!_orders.TryGetValue(id, out order) || !Order.CanMove(order.Status, status)) return null;
            Seller(order.Seller).Remove(order);
            order.Status = status;
            order.UpdatedAt = at ?? Tick();
            Seller(order.Seller).Add(order);
            if (status == OrderStatus.Completed) order.CompletedAt = order.UpdatedAt;
        }
        Changed?.Invoke(order);
        return order;
    }

    /// <summary>Moves an order once the marketplace has answered <paramref name="listRequests"/> more order-list
    /// requests of its seller, just before it answers the next; false when there is no such order.</summary>
    public bool AdvanceLater(string id, OrderStatus status, int listRequests)
    {
        lock (_gate)
        {
            if (!_orders.TryGetValue(id, out var order)) return false;
            _scheduled.Add((order.Seller, id, status, listRequests));
            return true;
        }
    }

    /// <summary>A seller's order-list request arrives: the moves it was waiting for are made.</summary>
    private void ListRequested(string seller)
    {
        List<(string Seller, string Id, OrderStatus Status, int Countdown)> due;
        lock (_gate)
        {
            for (var i = 0; i < _scheduled.Count; i++)
                if (_scheduled[i].Seller == seller)
                    _scheduled[i] = _scheduled[i] with { Countdown = _scheduled[i].Countdown - 1 };
            due = _scheduled.Where(s => s.Countdown < 0).ToList();
            _scheduled.RemoveAll(s => s.Countdown < 0);
        }
        foreach (var (_, id, status, _) in due) Advance(id, status);
    }

    public Order? Find(string seller, string id)
    {
        lock (_gate) return _orders.TryGetValue(id, out var o) && o.Seller == seller ? o : null;
    }

    /// <summary>A seller's orders updated at or after <paramref name="since"/>, oldest change first, one
    /// page.</summary>
    public (List<Order> Page, bool More) UpdatedSince(string seller, DateTimeOffset since, DateTimeOffset until,
        int skip, int take)
    {
        ListRequested(seller);
        lock (_gate)
        {
            if (since > until || !_bySeller.TryGetValue(seller, out var orders)) return ([], false);
            var read = orders.GetViewBetween(Bound(since, ""), Bound(until, "\uffff")).Skip(skip).Take(take + 1)
                .ToList();
            return (read.Take(take).ToList(), read.Count > take);
        }
    }

    /// <summary>One page of the contract voso and postmart share: <c>{"data":[order…],"page","hasMore"}</c>, as many
    /// a page as the reader asks (<see cref="PageSize"/>).</summary>
    public JsonObject ContractPage(string seller, DateTimeOffset since, string? pageParameter, int pageSize)
    {
        var page = int.TryParse(pageParameter, out var p) && p > 0 ? p : 1;
        var (orders, more) = UpdatedSince(seller, since, DateTimeOffset.MaxValue, (page - 1) * pageSize, pageSize);
        return new JsonObject
        {
            ["data"] = new JsonArray([.. orders.Select(o => (JsonNode)o.ToContract())]), ["page"] = page,
            ["hasMore"] = more,
        };
    }

    /// <summary>A bound of a seller's orders by last change: ids sort between "" and U+FFFF.</summary>
    private static Order Bound(DateTimeOffset at, string id) =>
        new() { Id = id, Seller = "", Lines = [], UpdatedAt = at };

    public IReadOnlyList<object> Snapshot()
    {
        lock (_gate) return _orders.Values.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o =>
            (object)o.ToContract()).ToList();
    }

    public void Reset()
    {
        lock (_gate) { _orders.Clear(); _bySeller.Clear(); _scheduled.Clear(); _last = DateTimeOffset.MinValue; }
    }

    /// <summary>Whole milliseconds, strictly increasing: two changes never share a moment, as a seller's
    /// "updated since" would otherwise be ambiguous.</summary>
    private DateTimeOffset Tick()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _last = now > _last ? now : _last.AddMilliseconds(1);
        return _last;
    }
}

/// <summary>The test hooks: place an order, move it through its life cycle, read every order.</summary>
public static class OrderHooks
{
    public static void Map(RouteGroupBuilder control)
    {
        control.MapPost("/{marketplace}/orders", (string marketplace, PlaceOrderRequest request, Marketplaces m) =>
        {
            if (!m.All.TryGetValue(marketplace, out var mp)) return Results.NotFound();
            if (string.IsNullOrEmpty(request.Seller) || request.Lines is not { Count: > 0 } lines ||
                lines.Any(l => string.IsNullOrEmpty(l.Sku) || l.Quantity is not > 0 || l.UnitPrice is not >= 0))
                return Results.BadRequest(new { error = "Send seller and lines of sku, quantity > 0, unitPrice >= 0." });
            var order = mp.Orders.Place(request.Seller, lines.Select(l => (l.Sku!, l.Quantity!.Value,
                l.UnitPrice!.Value)), request.At);
            return Results.Json(order.ToContract(), SimulatorApp.Json, statusCode: 201);
        });
        control.MapPost("/{marketplace}/orders/{id}/status", (string marketplace, string id,
            AdvanceOrderRequest request, Marketplaces m) =>
        {
            if (!m.All.TryGetValue(marketplace, out var mp)) return Results.NotFound();
            if (!Enum.TryParse<OrderStatus>(request.Status, ignoreCase: true, out var status))
                return Results.BadRequest(new { error = "status is placed, completed, cancelled or returned." });
            if (request.AfterListRequests is int later && later >= 0)
                return mp.Orders.AdvanceLater(id, status, later) ? Results.Accepted() : Results.NotFound();
            return mp.Orders.Advance(id, status, request.At) is { } order
                ? Results.Json(order.ToContract(), SimulatorApp.Json)
                : Results.Conflict(new { error = "No such order, or it cannot move to that status from where it stands." });
        });
        control.MapGet("/{marketplace}/orders", (string marketplace, Marketplaces m) =>
            m.All.TryGetValue(marketplace, out var mp) ? Results.Json(mp.Orders.Snapshot(),
                SimulatorApp.Json) : Results.NotFound());
    }

    /// <summary>"pageSize" as the contract sends it: 1 to 100, 50 when absent; null when out of bounds.</summary>
    public static int? PageSize(string? value) =>
        string.IsNullOrEmpty(value) ? 50 : int.TryParse(value, out var size) && size is >= 1 and <= 100 ? size : null;

    /// <summary>"updatedFrom" as the contract sends it (ISO 8601); the epoch when absent.</summary>
    public static DateTimeOffset? Since(string? value) =>
        string.IsNullOrEmpty(value) ? DateTimeOffset.UnixEpoch
            : DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
