namespace OcopTrade.Tests.Support;

/// <summary>Real time plus an offset the test sets, so certificates can age without waiting three years.
/// Timers and delays keep running on real time.</summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
