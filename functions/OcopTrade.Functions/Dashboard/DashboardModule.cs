namespace OcopTrade.Functions.Dashboard;

public static class DashboardModule
{
    public static IServiceCollection AddDashboard(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app) => app;
}
