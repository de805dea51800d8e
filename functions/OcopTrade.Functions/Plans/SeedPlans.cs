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

    private bool _done;

    /// <summary>When storage answered at start (the storage initializer starts first), the seeds are stored before the
    /// app takes traffic, so the first request already sees them; otherwise they follow in the background.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Storage.Ready.IsCompletedSuccessfully)
        {
            try { await LoadAsync(cancellationToken); _done = true; }
            catch (Exception e) when (StorageFailure.IsUnavailable(e)) { logger.LogWarning("Seed plans not loaded at start; will keep trying."); }
        }
        await base.StartAsync(cancellationToken);
    }

    private StorageInitializer Storage => services.GetServices<IHostedService>().OfType<StorageInitializer>().Single();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_done) return;
        await Storage.Ready.WaitAsync(stoppingToken);
        // Storage that fails again later delays the seeds; it never stops the app.
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await LoadAsync(stoppingToken); return; }
            catch (Exception e) when (StorageFailure.IsUnavailable(e)) { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); }
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var fields in Read())
        {
            var plan = PlanStore.FromFields(fields, PlanSource.Seed, "seed", clock.GetUtcNow());
            var (outcome, _) = await plans.AddAsync(plan, PlanStore.Fingerprint(fields), replaceSeed: true, cancellationToken);
            if (outcome == PlanWrite.Conflict) logger.LogWarning("Seed plan {Id} left alone: a department entered its own.", plan.Id);
        }
    }
}
