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
}
