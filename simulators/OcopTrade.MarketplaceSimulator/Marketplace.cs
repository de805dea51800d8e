using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace OcopTrade.MarketplaceSimulator;

/// <summary>Fault settings of one marketplace, changed at run time through <c>PUT /_sim/{marketplace}/faults</c>.</summary>
public sealed record Faults
{
    /// <summary>Added to every seller-API request, as a slow marketplace would.</summary>
    public int LatencyMs { get; init; }
    /// <summary>Every request answers 429 with Retry-After until this moment.</summary>
    public DateTimeOffset ThrottledUntil { get; init; }
    public int RetryAfterSeconds { get; init; } = 1;
    /// <summary>The next N requests answer 500.</summary>
    public int FailNext { get; init; }
    /// <summary>Every request answers 500 (a marketplace down for good, to drive messages to poison).</summary>
    public bool AlwaysFail { get; init; }
    /// <summary>Real marketplaces refuse a listing without a photo; benchmarks turn this off to measure the queue alone.</summary>
    public bool RequireImages { get; init; } = true;
    /// <summary>How late the answers counted by <c>lateAnswerNext</c> come: the call is carried out at once (the
    /// listing exists), only the answer waits, so a client that gives up first never learns the listing's id.</summary>
    public int LateAnswerMs { get; init; }
}

public sealed record FaultsRequest(int? LatencyMs, double? ThrottleForSeconds, int? RetryAfterSeconds, int? FailNext, bool? AlwaysFail, bool? RequireImages,
    int? LateAnswerMs = null, int? LateAnswerNext = null);

/// <summary>A listing as the marketplace keeps it.</summary>
public sealed class Listing
{
    public required string Id { get; init; }
    public required string Seller { get; init; }
    public required string Sku { get; init; }
    public required JsonObject Body { get; set; }
    public bool Active { get; set; } = true;
    public int Updates { get; set; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>One simulated marketplace: its listings (one per seller and SKU, as real seller centres insist), its
/// uploaded images, its faults and counters.</summary>
public sealed class Marketplace(string name, string publicBase)
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Seller, string Sku), Listing> _bySku = [];
    private readonly Dictionary<string, Listing> _byId = [];
    private long _nextId = 100_000;
    private int _failNext;
    private int _lateAnswerNext;

    public string Name { get; } = name;
    public string PublicBase { get; } = publicBase;
    public Faults Faults { get; private set; } = new();
    public ConcurrentDictionary<string, byte[]> Images { get; } = new();
    public OrderBook Orders { get; } = new(name[..2].ToUpperInvariant());

    public long Requests, Throttled, Failed, Creates, Updates, Delists, DuplicateRefusals, Rejections, LateAnswers;

    public void SetFaults(FaultsRequest request)
    {
        lock (_gate)
        {
            Faults = Faults with
            {
                LatencyMs = request.LatencyMs ?? Faults.LatencyMs,
                ThrottledUntil = request.ThrottleForSeconds is { } s ? DateTimeOffset.UtcNow.AddSeconds(s) : Faults.ThrottledUntil,
                RetryAfterSeconds = request.RetryAfterSeconds ?? Faults.RetryAfterSeconds,
                AlwaysFail = request.AlwaysFail ?? Faults.AlwaysFail,
                RequireImages = request.RequireImages ?? Faults.RequireImages,
                LateAnswerMs = request.LateAnswerMs ?? Faults.LateAnswerMs,
            };
            if (request.FailNext is { } n) _failNext = n;
            if (request.LateAnswerNext is { } late) _lateAnswerNext = late;
        }
    }

    public bool TakeFailure()
    {
        lock (_gate)
        {
            if (Faults.AlwaysFail) return true;
            if (_failNext <= 0) return false;
            _failNext--;
            return true;
        }
    }

    /// <summary>How long to hold back the answer of a call that has just been carried out; zero for most calls.</summary>
    public int TakeLateAnswer()
    {
        lock (_gate)
        {
            if (_lateAnswerNext <= 0 || Faults.LateAnswerMs <= 0) return 0;
            _lateAnswerNext--;
            LateAnswers++;
            return Faults.LateAnswerMs;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _bySku.Clear();
            _byId.Clear();
            Images.Clear();
            Orders.Reset();
            Faults = new();
            _failNext = 0;
            _lateAnswerNext = 0;
            Requests = Throttled = Failed = Creates = Updates = Delists = DuplicateRefusals = Rejections = LateAnswers = 0;
        }
    }

    /// <summary>Creates a listing, or refuses with the existing one when the seller already has that SKU.</summary>
    public (Listing Listing, bool Created) Create(string seller, string sku, JsonObject body)
    {
        lock (_gate)
        {
            if (_bySku.TryGetValue((seller, sku), out var existing))
            {
                DuplicateRefusals++;
                return (existing, false);
            }
            var listing = new Listing { Id = (++_nextId).ToString(), Seller = seller, Sku = sku, Body = body };
            _bySku[(seller, sku)] = listing;
            _byId[listing.Id] = listing;
            Creates++;
            return (listing, true);
        }
    }

    public Listing? Find(string seller, string id)
    {
        lock (_gate) return _byId.TryGetValue(id, out var l) && l.Seller == seller ? l : null;
    }

    public Listing? FindBySku(string seller, string sku)
    {
        lock (_gate) return _bySku.GetValueOrDefault((seller, sku));
    }

    public void Update(Listing listing, JsonObject body)
    {
        lock (_gate)
        {
            listing.Body = body;
            listing.Active = true;
            listing.Updates++;
            listing.UpdatedAt = DateTimeOffset.UtcNow;
            Updates++;
        }
    }

    public void Delist(Listing listing)
    {
        lock (_gate)
        {
            listing.Active = false;
            listing.UpdatedAt = DateTimeOffset.UtcNow;
            Delists++;
        }
    }

    public string UrlOf(Listing listing) => $"{PublicBase.TrimEnd('/')}/{listing.Id}";

    public IReadOnlyList<object> Snapshot()
    {
        lock (_gate)
            return _byId.Values.OrderBy(l => l.CreatedAt).Select(l => (object)new
            {
                id = l.Id, seller = l.Seller, sku = l.Sku, active = l.Active, updates = l.Updates, body = l.Body,
                createdAt = l.CreatedAt, updatedAt = l.UpdatedAt,
            }).ToList();
    }

    public object Stats() => new
    {
        requests = Interlocked.Read(ref Requests), throttled = Interlocked.Read(ref Throttled), failed = Interlocked.Read(ref Failed),
        creates = Creates, updates = Updates, delists = Delists, duplicateRefusals = DuplicateRefusals, rejections = Rejections,
        lateAnswers = LateAnswers,
        throttledNow = Faults.ThrottledUntil > DateTimeOffset.UtcNow,
    };
}

/// <summary>A refusal with the marketplace's own code, the field it concerns and its message.</summary>
public sealed record Violation(string Code, string Field, string Message);

/// <summary>Rules the simulated marketplaces share; each names them with its own codes.</summary>
public static class Rules
{
    /// <summary>Food may not be advertised as curing disease (Decree 15/2018 and the marketplaces' own policies).</summary>
    public static readonly string[] ProhibitedClaims = ["chữa bệnh", "chữa khỏi", "điều trị", "thay thế thuốc"];

    public static bool HasProhibitedClaim(string? text) =>
        text is not null && ProhibitedClaims.Any(c => text.Contains(c, StringComparison.OrdinalIgnoreCase));

    public static bool HasHtml(string? text) => text is not null && System.Text.RegularExpressions.Regex.IsMatch(text, "<[a-zA-Z/!]");

    public static int Length(string? text) => text is null ? 0 : new System.Globalization.StringInfo(text).LengthInTextElements;
}
