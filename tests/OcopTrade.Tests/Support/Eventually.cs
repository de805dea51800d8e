namespace OcopTrade.Tests.Support;

public static class Eventually
{
    /// <summary>Polls until the condition holds: queue and timer work happens in the background.</summary>
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? within = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Timed out waiting: {because ?? "condition"}; last value: {value}");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls for <paramref name="during"/> that the condition keeps holding, failing the moment it breaks:
    /// how a test shows that nothing more happens (no second job, no duplicate), which no single read can.</summary>
    public static async Task StaysAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan during, string because)
    {
        var deadline = DateTime.UtcNow + during;
        do
        {
            var value = await probe();
            if (!condition(value)) throw new Xunit.Sdk.XunitException($"Stopped holding: {because}; value: {value}");
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
    }
}
