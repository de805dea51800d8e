using OcopTrade.Functions.Platform.Contract;

namespace OcopTrade.Functions.Linkage;

/// <summary>Supply–demand connection: enquiries, deals and the linkage figures the department reports.</summary>
public static class LinkageModule
{
    public static IServiceCollection AddLinkage(this IServiceCollection services) => services
        .AddSingleton<EnquiryStore>().AddSingleton<DealStore>().AddSingleton<LinkageReports>()
        .AddSingleton<Revenue.IReportSheetSource, LinkageSheet>();

    public static IEndpointRouteBuilder MapLinkage(this IEndpointRouteBuilder app)
    {
        app.MapEnquiries();
        app.MapDeals();
        app.MapGet("/api/reports/linkage", LinkageReports.ReportAsync).RequireAuthorization().WithTags("Reports")
            .WithSummary("Enquiries, deals and their confirmed value, in total and per event, and the subjects in " +
                "linkage (producers with a confirmed deal) for a period.");
        return app;
    }
}
