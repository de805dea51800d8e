namespace OcopTrade.Functions.Platform;

/// <summary>How many requests this instance works on at once: at most <paramref name="capacity"/> in all, of which
/// anonymous callers (public pages, the sign-in form, wrong keys) may hold only <paramref name="anonymousCapacity"/>.
/// The rest is kept for callers with a key or a session, so anonymous traffic cannot take the service from
/// them.</summary>
public sealed class Admission(int capacity, int anonymousCapacity)
{
    private int _all;
    private int _anonymous;

    public static Admission From(IConfiguration configuration)
    {
        var capacity = configuration.GetValue("Ocop:Load:MaxConcurrentRequests", 128);
        var share = Math.Clamp(configuration.GetValue("Ocop:Load:AnonymousShare", 0.75), 0, 1);
        return new Admission(capacity, (int)Math.Floor(capacity * share));
    }

    /// <summary>Takes a place, or says there is none; every admitted request must be <see cref="Leave"/>d.</summary>
    public bool TryEnter(bool anonymous)
    {
        if (anonymous && !TryTake(ref _anonymous, anonymousCapacity)) return false;
        if (TryTake(ref _all, capacity)) return true;
        if (anonymous) Interlocked.Decrement(ref _anonymous);
        return false;
    }

    public void Leave(bool anonymous)
    {
        Interlocked.Decrement(ref _all);
        if (anonymous) Interlocked.Decrement(ref _anonymous);
    }

    private static bool TryTake(ref int count, int limit)
    {
        if (Interlocked.Increment(ref count) <= limit) return true;
        Interlocked.Decrement(ref count);
        return false;
    }
}
