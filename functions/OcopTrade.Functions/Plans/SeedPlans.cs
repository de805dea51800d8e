using System.Text.Json;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Plans;

/// <summary>Loads the seed plans (Plans/Seeds/*.json, embedded) once storage answers. Idempotent: every start, on
/// every instance, finds them stored and changes nothing; a changed seed file replaces its older seed, never a plan
/// a department entered.</summary>
public sealed class SeedPlans(PlanStore plans, IServiceProvider services, TimeProvider clock, ILogger<SeedPlans> logger) : BackgroundService
{
    public static IReadOnlyList<PlanFields> Read()
    {
        var assembly = typeof(SeedPlans).Assembly;
        return [.. assembly.GetManifestResourceNames().Where(n => n.StartsWith("OcopTrade.Plans.Seeds.", StringComparison.Ordinal)).Order()
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                var fields = JsonSerializer.Deserialize<PlanFields>(stream, Json.Options)!;
                var errors = new FieldErrors();
                return PlanRules.Validate(fields, errors) ?? throw new InvalidDataException($"Seed plan {n} is invalid: " + JsonSerializer.Serialize(errors.ToDictionary()));
            })];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var storage = services.GetServices<IHostedService>().OfType<StorageInitializer>().Single();
        await storage.Ready.WaitAsync(stoppingToken);
        foreach (var fields in Read())
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var plan = PlanStore.FromFields(fields, PlanSource.Seed, "seed", clock.GetUtcNow());
                    var (outcome, _) = await plans.AddAsync(plan, PlanStore.Fingerprint(fields), replaceSeed: true, stoppingToken);
                    if (outcome == PlanWrite.Conflict) logger.LogWarning("Seed plan {Id} left alone: a department entered its own.", plan.Id);
                    break;
                }
                catch (Exception e) when (StorageFailure.IsUnavailable(e) && attempt < 30)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                }
            }
        }
    }
}
