using OcopTrade.Functions.Access;
using OcopTrade.Functions.Plans;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Dashboard;

public static class DashboardModule
{
    public static IServiceCollection AddDashboard(this IServiceCollection services) => services
        .AddSingleton<DashboardSource>().AddSingleton<OpenRecalls>();

    /// <summary><c>GET /dashboard</c>: the department's key (x-api-key) or the portal's signed-in session, through the
    /// same authentication as the API. An admin names the province.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard", async (HttpContext context, DashboardSource source, AdministrativeUnits.AdministrativeUnitMap units, TimeProvider clock,
            string? province, int? year, CancellationToken cancellationToken) =>
        {
            var caller = Caller.From(context.User);
            var (scope, problem) = ReportScope.ProvinceFor(caller, province, units, allowProducer: false);
            if (problem is not null) return (IResult)problem;
            var today = Products.CertificateValidity.TodayInVietnam(clock);
            if (year is { } y && (y < 2015 || y > today.Year)) return Problems.Invalid("year", $"Between 2015 and {today.Year}.");
            var data = await source.LoadAsync(scope!, year ?? today.Year, cancellationToken);
            context.Response.Headers.ContentSecurityPolicy = DashboardPage.ContentSecurityPolicy;
            // The department's figures: never kept by a shared cache.
            context.Response.Headers.CacheControl = "private, no-store";
            return Results.Content(DashboardPage.Render(data, "/dashboard"), "text/html; charset=utf-8");
        }).RequireAuthorization().WithTags("Dashboard").ExcludeFromDescription();
        return app;
    }
}
