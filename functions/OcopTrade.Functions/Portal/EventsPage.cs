using System.Globalization;
using System.Text;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.TradeEvents;
using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;
using static OcopTrade.Functions.Portal.PortalLayout;

namespace OcopTrade.Functions.Portal;

/// <summary>A producer's trade-promotion events: the open events of its province, each with a checklist of its
/// published products to apply with, and its applications with their status, stall and the department's reason.
/// Applying and withdrawing go through the events API, as any client's would.</summary>
public static class EventsPage
{
    public static async Task<IResult> RenderAsync(
        HttpContext context, PortalLayout layout, EventStore events, ProductStore products,
        CancellationToken cancellationToken)
    {
        if (PortalModule.Refuse(context, layout, Role.Producer) is { } refused) return refused;
        var caller = Caller.From(context.User);
        var open = await events.ListAsync(caller, cancellationToken);
        var mine = await events.ApplicationsOfAsync(caller.ProducerId!, cancellationToken);
        var filter = new ProductFilter(null, null, null, null, ProductStatus.Published, null);
        var published = (await products.ListAsync(caller, filter, null, 200, cancellationToken)).Items;
        var names = published.ToDictionary(p => p.Id, p => p.Fields.Name ?? p.Id);

        var body = new StringBuilder();
        body.Append("<section><h2>Hồ sơ đăng ký của bạn</h2>").Append(Applications(mine, await EventNamesAsync(
            events, mine, open, cancellationToken), names)).Append("</section>");
        body.Append("<section><h2>Sự kiện đang nhận đăng ký</h2>");
        var applied = mine.Select(a => a.EventId).ToHashSet(StringComparer.Ordinal);
        var waiting = open.Where(e => !applied.Contains(e.Id)).ToList();
        if (waiting.Count == 0) body.Append("<p>Hiện chưa có sự kiện nào mới đang nhận đăng ký.</p>");
        foreach (var ev in waiting) body.Append(ApplyForm(ev, published));
        body.Append("</section>");
        return layout.Page(context, caller, "Sự kiện xúc tiến thương mại", body.ToString(), "events.js");
    }

    private static async Task<Dictionary<string, string>> EventNamesAsync(EventStore events,
        IReadOnlyList<EventApplication> mine, IReadOnlyList<TradeEvent> open, CancellationToken cancellationToken)
    {
        var names = open.ToDictionary(e => e.Id, e => e.Name);
        foreach (var id in mine.Select(a => a.EventId).Where(id => !names.ContainsKey(id)).Distinct())
            if (await events.FindAsync(id, cancellationToken) is { } found) names[id] = found.Event.Name;
        return names;
    }

    private static string Applications(IReadOnlyList<EventApplication> mine, Dictionary<string, string> events,
        Dictionary<string, string> products)
    {
        if (mine.Count == 0) return "<p>Bạn chưa đăng ký sự kiện nào.</p>";
        var html = new StringBuilder("<div class=\"table\"><table><tr><th scope=\"col\">Sự kiện</th>" +
            "<th scope=\"col\">Sản phẩm</th><th scope=\"col\">Trạng thái</th><th scope=\"col\">Gian hàng</th>" +
            "<th scope=\"col\">Ghi chú của Sở</th>" +
            "<th scope=\"col\"><span class=\"visually-hidden\">Thao tác</span></th></tr>");
        foreach (var a in mine)
        {
            html.Append("<tr><td>").Append(E(events.GetValueOrDefault(a.EventId, a.EventId))).Append("</td><td>")
                .Append(E(string.Join(", ", a.ProductIds.Select(p => products.GetValueOrDefault(p, p)))))
                .Append("</td><td>")
                .Append(StatusName(a.Status)).Append("</td><td>")
                .Append(a.Stall?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td><td>").Append(E(a.Reason))
                .Append("</td><td>");
            if (a.Status == ApplicationStatus.Submitted)
                html.Append("<button type=\"button\" class=\"secondary\" data-withdraw=\"/api/events/")
                    .Append(E(a.EventId))
                    .Append("/applications/").Append(E(a.Id)).Append("/withdraw\">Rút hồ sơ</button>");
            html.Append("</td></tr>");
        }
        return html.Append("</table></div>").ToString();
    }

    private static string ApplyForm(TradeEvent ev, IReadOnlyList<Product> published)
    {
        var html = new StringBuilder("<article class=\"panel\"><h3>").Append(E(ev.Name)).Append("</h3><p>")
            .Append(EventRules.KindLabel(ev.Kind)).Append(" · ").Append(Day(ev.From)).Append(" – ").Append(Day(ev.To))
            .Append(" · ").Append(E(ev.Place)).Append("</p><p>Đơn vị tổ chức: ").Append(E(ev.Organiser))
            .Append(" · ").Append(ev.StallCount).Append(" gian hàng</p>");
        if (ev.Support is not null) html.Append("<p>Hỗ trợ: ").Append(E(ev.Support)).Append("</p>");
        if (published.Count == 0)
            return html.Append("<p>Bạn cần có sản phẩm đã đăng bán để đăng ký.</p></article>").ToString();
        html.Append("<form data-apply=\"").Append(E(ev.Id)).Append("\" novalidate>")
            .Append("<p class=\"form-error\" role=\"alert\" hidden></p>")
            .Append("<fieldset class=\"field\" data-field=\"productIds\"><legend>Sản phẩm mang đến sự kiện</legend>")
            .Append("<div class=\"checks\">");
        foreach (var p in published)
            html.Append("<label><input type=\"checkbox\" name=\"productIds\" value=\"").Append(E(p.Id)).Append("\"> ")
                .Append(E(p.Fields.Name)).Append("</label>");
        return html.Append("</div><p class=\"error\" hidden></p></fieldset>")
            .Append("<button type=\"submit\">Đăng ký tham gia</button>")
            .Append("</form></article>").ToString();
    }

    private static string StatusName(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => "Đang chờ xét",
        ApplicationStatus.Accepted => "Được chấp nhận",
        ApplicationStatus.Declined => "Không được chấp nhận",
        _ => "Đã rút",
    };

    private static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}

/// <summary>The events page, served through the portal's policy like its other pages.</summary>
public static class EventsPageFunctions
{
    [Function(nameof(PortalEvents))]
    public static Task PortalEvents(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/events")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}
