using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Notifications;

/// <summary>E-mail to producers and buyers about applications, enquiries and deals.</summary>
public static class NotificationsModule
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<INotifier, QueuedNotifier>();
        services.AddSingleton(new RequiredQueue(QueuedNotifier.Queue));
        return services;
    }
}
