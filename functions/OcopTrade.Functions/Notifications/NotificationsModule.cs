using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Notifications;

/// <summary>E-mail to producers and buyers about applications, enquiries and deals: queued by <see cref="INotifier"/>,
/// mailed by <see cref="SendNotification"/> through the SMTP server in <c>Notifications:Smtp</c>.</summary>
public static class NotificationsModule
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<INotifier, QueuedNotifier>();
        services.AddSingleton(new RequiredQueue(QueuedNotifier.Queue));
        services.AddOptions<SmtpSettings>().BindConfiguration(SmtpSettings.Section);
        services.AddSingleton<SmtpMailer>();
        services.AddSingleton<SentNotifications>();
        return services;
    }
}
