using System.Text;
using OcopTrade.Functions.Syndication;
using static OcopTrade.Functions.Portal.PortalLayout;

namespace OcopTrade.Functions.Portal;

/// <summary>The notice on a producer's home page when a marketplace authorisation lapses within a week or has
/// lapsed: the date, and the button that renews it (Shopee's consent, <see cref="MarketplaceAuthorisationEndpoints"/>).
/// </summary>
public static class AuthorisationNotice
{
    public static async Task<string> HtmlAsync(string? producerId, MarketplaceAuthorisationStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (producerId is null) return "";
        var now = clock.GetUtcNow();
        var html = new StringBuilder();
        foreach (var authorisation in await store.ListAsync(producerId, cancellationToken))
            if (Text(authorisation, now) is { } text)
                html.Append("<div class=\"notice\" role=\"alert\"><p>").Append(E(text))
                    .Append("</p><p><a class=\"button\" href=\"")
                    .Append(E(MarketplaceAuthorisationEndpoints.StartPath(producerId)))
                    .Append("\">Kết nối lại cửa hàng ").Append(E(DisplayName(authorisation.Channel)))
                    .Append("</a></p></div>");
        return html.ToString();
    }

    /// <summary>What the producer reads, or null while the authorisation is far from lapsing.</summary>
    public static string? Text(MarketplaceAuthorisation authorisation, DateTimeOffset now)
    {
        var name = DisplayName(authorisation.Channel);
        var date = authorisation.LapsesAt.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy");
        return authorisation.StateOn(now) switch
        {
            AuthorisationState.Expiring => $"Quyền kết nối {name} sẽ hết hạn ngày {date}. Hãy kết nối lại cửa hàng " +
                "trước ngày đó để sản phẩm và đơn hàng tiếp tục được đồng bộ.",
            AuthorisationState.Lapsed => $"Quyền kết nối {name} đã hết hạn ngày {date}: sản phẩm và đơn hàng trên " +
                $"{name} không còn được đồng bộ. Hãy kết nối lại cửa hàng.",
            _ => null,
        };
    }

    private static string DisplayName(string channel) => Channels.Find(channel)?.DisplayName ?? channel;
}
