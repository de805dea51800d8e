using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Plans;

public sealed record PlanView(
    string Id, string Province, string CurrentProvince, int Year, string Number, string? Title, string? IssuedBy,
    IReadOnlyList<PlanTarget> Targets, PlanSource Source, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record PlanList(string Province, int? Year, UnitView Units, IReadOnlyList<PlanView> Items);

public sealed record ImportedPlan(string Id, PlanWrite Outcome);

public sealed record PlanImportResult(IReadOnlyList<ImportedPlan> Plans);

public static class PlanEndpoints
{
    public static IServiceCollection AddPlans(this IServiceCollection services) => services
        .AddSingleton(AdministrativeUnitMap.Load())
        .AddSingleton<PlanStore>().AddSingleton<ProvinceRecords>().AddSingleton<PlanProgress>().AddSingleton<Revenue.IReportSheetSource, PlanTargetsSheet>().AddSingleton<ProductReports>()
        .AddHostedService<SeedPlans>();

    public static IEndpointRouteBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/plans").WithTags("Plans").RequireAuthorization();
        group.MapPost("/", CreateAsync).Accepts<PlanFields>("application/json").ProducesProblem(422)
            .WithSummary("Enter an annual plan with its targets per unit (department of its province, or admin). The same plan again is a 200.");
        group.MapGet("/{id}", GetAsync).WithSummary("One plan, with its ETag for a replacement.");
        group.MapPut("/{id}", ReplaceAsync).Accepts<PlanFields>("application/json").RequiresIfMatch()
            .WithSummary("Correct a plan's targets (If-Match the ETag you read); province, year and number stay.");
        group.MapGet("/", ListAsync).WithSummary("Plans of a province (and, with units=current, of the provinces merged into it), optionally of one year.");
        group.MapPost("/import", ImportAsync).ProducesProblem(422)
            .TakesFile("application/json", "text/csv", PlanFiles.XlsxType)
            .WithSummary("Import plans from JSON, CSV or XLSX (one target per row); all or nothing, problems named by row and column.");
        group.MapGet("/import/template.csv", () => TypedResults.Text(PlanFiles.Template(), "text/csv; charset=utf-8", System.Text.Encoding.UTF8))
            .Answers(200, "text/csv")
            .WithSummary("The CSV template for plan imports.");

        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization();
        reports.MapGet("/plan-progress", PlanProgress.ReportAsync)
            .WithSummary("Each plan target of a province and year against what live data shows (certificates, labelled batches, revenue).");
        reports.MapGet("/products", ProductReports.ProductsAsync)
            .WithSummary("Certified products by stars, group and unit in a period; newly certified and re-certified in it.");
        reports.MapGet("/certificates", ProductReports.CertificatesAsync)
            .WithSummary("Certificates expiring within 90 days, expired or revoked, as the nightly certificate watch marked them.");
        return app;
    }

    /// <summary>Plans may be entered by the department of the plan's province (or of the province it merged into) and admins.</summary>
    internal static bool MayEnter(Caller caller, string province, AdministrativeUnitMap units) => caller.Role switch
    {
        Role.Admin => true,
        Role.Department => Provinces.Same(caller.Province, province) || Provinces.Same(caller.Province, units.CurrentProvince(province)),
        _ => false,
    };

    private static string Who(Caller caller) => caller.Role + ":" + (caller.Province ?? "admin");

    private static async Task<Results<Created<PlanView>, Ok<PlanView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, PlanStore plans, AdministrativeUnitMap units, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role is not (Role.Admin or Role.Department)) return Problems.Forbidden("Plans are entered by the department or an administrator.");
        var (body, problem) = await JsonBody.ReadAsync<PlanFields>(request, cancellationToken, 256 * 1024);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var fields = PlanRules.Validate(body!, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());
        if (!MayEnter(caller, fields.Province!, units)) return Problems.NotFound("province");

        var (outcome, plan) = await plans.AddAsync(PlanStore.FromFields(fields, PlanSource.Api, Who(caller), clock.GetUtcNow()), PlanStore.Fingerprint(fields), false, cancellationToken);
        return outcome switch
        {
            PlanWrite.Created => TypedResults.Created($"/api/plans?province={Uri.EscapeDataString(plan.Province)}&year={plan.Year}", View(plan, units)),
            PlanWrite.Unchanged => TypedResults.Ok(View(plan, units)),
            _ => Conflict(plan),
        };
    }

    private static ProblemHttpResult Conflict(Plan stored) => Problems.Unprocessable("Kế hoạch đã tồn tại",
        $"Plan {stored.Number} of {stored.Province} for {stored.Year} is already recorded with other targets (id {stored.Id}); nothing was changed.",
        new Dictionary<string, string[]> { ["number"] = ["Already used for this province and year."] });

    private static PlanView View(Plan p, AdministrativeUnitMap units) => new(
        p.Id, p.Province, units.CurrentProvince(p.Province), p.Year, p.Number, p.Title, p.IssuedBy, p.Targets, p.Source, p.RecordedBy, p.RecordedAt);

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> GetAsync(
        HttpContext context, PlanStore plans, AdministrativeUnitMap units, string id, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (await plans.FindByIdAsync(id, cancellationToken) is not { } found || !MayEnter(caller, found.Plan.Province, units)) return Problems.NotFound("plan");
        Concurrency.WriteETag(context.Response, found.ETag);
        return TypedResults.Ok(View(found.Plan, units));
    }

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> ReplaceAsync(
        HttpRequest request, PlanStore plans, AdministrativeUnitMap units, TimeProvider clock, string id, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (await plans.FindByIdAsync(id, cancellationToken) is not { } found || !MayEnter(caller, found.Plan.Province, units)) return Problems.NotFound("plan");
        var (etag, missing) = Concurrency.RequireIfMatch(request, found.ETag);
        if (missing is not null) return missing;
        var (body, problem) = await JsonBody.ReadReplacementAsync<PlanFields>(
            request, View(found.Plan, units), cancellationToken, 256 * 1024);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var fields = PlanRules.Validate(body!, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());
        if (PlanIds.For(fields.Province!, fields.Year!.Value, fields.Number!) != id)
            return Problems.Invalid("number", "Province, year and number identify the plan and cannot change; post another plan instead.");
        var plan = PlanStore.FromFields(fields, found.Plan.Source == PlanSource.Seed ? PlanSource.Api : found.Plan.Source, Who(caller), clock.GetUtcNow());
        if (await plans.ReplaceAsync(plan, PlanStore.Fingerprint(fields), etag, cancellationToken) is not { } written) return Problems.PreconditionFailed();
        Concurrency.WriteETag(request.HttpContext.Response, written);
        return TypedResults.Ok(View(plan, units));
    }

    private static async Task<Results<Ok<PlanList>, ProblemHttpResult>> ListAsync(
        HttpContext context, PlanStore plans, AdministrativeUnitMap units, string? province, int? year, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var errors = new FieldErrors();
        // units=asRecorded lists only plans made under this very name; current adds the provinces merged into it.
        var view = QueryValues.Enum<UnitView>("units", context.Request.Query["units"].FirstOrDefault(), errors) ?? UnitView.Current;
        if (year is < 2015 or > 2100) errors.Add("year", "Between 2015 and 2100.");
        if (QueryValues.Problem(errors) is { } invalid) return invalid;
        var (scope, problem) = ReportScope.ProvinceFor(caller, province, units, allowProducer: false);
        if (problem is not null) return problem;
        IReadOnlyCollection<string> keys = view == UnitView.Current ? units.RecordedKeys(scope!) : [Provinces.Key(scope!)];
        var found = await plans.ListAsync(keys, year, cancellationToken);
        return TypedResults.Ok(new PlanList(scope!, year, view, [.. found.Select(p => View(p, units))]));
    }

    private static async Task<Results<Ok<PlanImportResult>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, PlanStore plans, AdministrativeUnitMap units, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role is not (Role.Admin or Role.Department)) return Problems.Forbidden("Plans are entered by the department or an administrator.");
        var mediaType = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (mediaType is not ("application/json" or "text/csv" or PlanFiles.XlsxType))
            return Problems.UnsupportedMediaType($"application/json, text/csv or {PlanFiles.XlsxType}");
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0) return Problems.Invalid("body", "The request body is empty; send the plan file.");
        buffer.Position = 0;

        var errors = new FieldErrors();
        List<PlanFields>? read;
        try
        {
            read = ImportFiles.FormatOf(mediaType) is { } table
                ? PlanFiles.FromTable(buffer, table, errors, cancellationToken)
                : PlanFiles.FromJson(buffer.ToArray(), errors);
        }
        catch (ImportFileException e) { return ImportFiles.Problem(e); }
        if (read is null) return Problems.Invalid(errors.ToDictionary());
        if (read.Count is 0 or > 100) return Problems.Invalid("body", "Send between 1 and 100 plans.");

        // Check every plan before writing any: a file with one bad row changes nothing.
        var clean = new List<PlanFields>();
        for (var i = 0; i < read.Count; i++)
        {
            var prefix = read.Count == 1 && mediaType == "application/json" ? "" : $"plans[{i}].";
            if (PlanRules.Validate(read[i] ?? new PlanFields(null, null, null, null, null, null), errors, prefix) is { } fields)
            {
                if (!MayEnter(caller, fields.Province!, units)) errors.Add(prefix + "province", "Not a province you may enter plans for.");
                clean.Add(fields);
            }
        }
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        if (clean.GroupBy(f => PlanIds.For(f.Province!, f.Year!.Value, f.Number!)).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return Problems.Invalid("number", $"The file holds plan {twice.First().Number} twice.");
        foreach (var fields in clean)
            if (await plans.FindAsync(fields.Year!.Value, PlanIds.For(fields.Province!, fields.Year!.Value, fields.Number!), cancellationToken) is { } stored
                && stored.Fingerprint != PlanStore.Fingerprint(fields))
                return Conflict(stored.Plan);

        var results = new List<ImportedPlan>();
        foreach (var fields in clean)
        {
            var (outcome, plan) = await plans.AddAsync(PlanStore.FromFields(fields, PlanSource.Import, Who(caller), clock.GetUtcNow()), PlanStore.Fingerprint(fields), false, cancellationToken);
            results.Add(new ImportedPlan(plan.Id, outcome));
        }
        return TypedResults.Ok(new PlanImportResult(results));
    }
}
