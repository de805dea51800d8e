using Microsoft.AspNetCore.Authentication;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Portal;

/// <summary>The people's side: <c>/portal</c> for producers, <c>/portal/scan</c> for sales points. Pages are rendered
/// here; every change goes through the same API (and so the same validation and scope) as any integration.</summary>
public static class PortalModule
{
    public static IServiceCollection AddPortal(this IServiceCollection services) =>
        services.AddSingleton<PortalAssets>().AddSingleton<PortalLayout>();

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/assets/{name}", (string name, HttpContext context, PortalAssets assets) => assets.Serve(context, name))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet(Sessions.SignInPath, SignInPage).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Sessions.SignInPath, SignInAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/portal/sign-out", (Delegate)SignOutAsync).AllowAnonymous().ExcludeFromDescription();

        var pages = app.MapGroup("/portal").RequireAuthorization().ExcludeFromDescription();
        pages.MapGet("/", HomeAsync);
        ProductPages.Map(pages);
        pages.MapGet("/revenue", RevenuePage.Render);
        pages.MapGet("/scan", ScanPage.Render);
        pages.MapGet("/events", EventsPage.RenderAsync);
        pages.MapGet("/enquiries", LinkagePages.ProducerAsync);
        // Buyers are left out of the default policy; their page admits any caller and refuses the others itself.
        app.MapGroup("/portal").RequireAuthorization(AccessEndpoints.AnyCallerPolicy).ExcludeFromDescription()
            .MapGet("/buyer", LinkagePages.BuyerAsync);
        return app;
    }

    private static async Task<IResult> HomeAsync(
        HttpContext context, PortalLayout layout, Products.ProductStore products,
        Syndication.MarketplaceAuthorisationStore authorisations, TimeProvider clock,
        CancellationToken cancellationToken) =>
        Caller.From(context.User) switch
        {
            { Role: Role.Producer } producer => await ProductPages.ListAsync(context, layout, products, clock,
                cancellationToken, await AuthorisationNotice.HtmlAsync(producer.ProducerId, authorisations, clock,
                    cancellationToken)),
            { Role: Role.SalesPoint } => Results.Redirect("/portal/scan"),
            _ => Results.Redirect("/dashboard"),
        };

    private static IResult SignInPage(HttpContext context, PortalLayout layout, string? next)
    {
        if (context.User.Identity?.IsAuthenticated == true)
            return Results.Redirect(LocalOr(next, Home(Caller.From(context.User).Role)));
        var body =
            "<p>Nhập khóa truy cập do Sở hoặc quản trị viên cấp. Chỉ cần nhập một lần trên thiết bị này; phiên đăng nhập tự hết hạn sau một ngày làm việc.</p>" +
            "<form id=\"sign-in\" novalidate>" +
            PortalLayout.Field("key", "Khóa truy cập", PortalLayout.Input("key", null, "password", " autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" required")) +
            "<button type=\"submit\">Đăng nhập</button></form>";
        return layout.Page(context, null, "Đăng nhập", body, "sign-in.js", bodyData: $" data-next=\"{PortalLayout.E(LocalOr(next, ""))}\"");
    }

    /// <summary>Exchanges the key for a session. The key arrives in a form body (never a URL, so never in a log line)
    /// and is never written back into a page; the session keeps only its hash.</summary>
    private static async Task<IResult> SignInAsync(HttpContext context, AccessKeyStore keys, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (!Sessions.SentByPortal(context.Request))
            return Problems.Problem(403, "Yêu cầu bị từ chối", $"Sign in from the portal page (the {Sessions.CsrfHeader} header is missing).", "csrf");
        if (!context.Request.HasFormContentType) return Problems.UnsupportedMediaType("application/x-www-form-urlencoded");
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var key = form["key"].ToString().Trim();
        if (key.Length is 0 or > 200) return Problems.Invalid("key", "Nhập khóa truy cập. Enter your access key.");

        var adminKey = configuration["Ocop:AdminApiKey"];
        var caller = !string.IsNullOrEmpty(adminKey) && AccessKey.FixedTimeEquals(key, adminKey)
            ? new Caller(Role.Admin)
            : await keys.FindAsync(key, cancellationToken);
        if (caller is null)
            return Problems.Problem(401, "Khóa truy cập không đúng hoặc đã bị thu hồi", "Unknown or revoked access key.", "unauthenticated");

        await context.SignInAsync(Sessions.SchemeName, Sessions.Principal(caller, AccessKey.Hash(key)), new AuthenticationProperties { IsPersistent = true });
        return Results.Json(new { next = LocalOr(form["next"], Home(caller.Role)) });
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        if (!Sessions.SentByPortal(context.Request))
            return Problems.Problem(403, "Yêu cầu bị từ chối", $"Sign out from the portal page (the {Sessions.CsrfHeader} header is missing).", "csrf");
        await context.SignOutAsync(Sessions.SchemeName);
        return Results.Json(new { next = Sessions.SignInPath });
    }

    /// <summary>Only a path on this site is followed after sign-in, never another site (open redirect).</summary>
    private static string LocalOr(string? next, string fallback) =>
        next is { Length: > 1 } n && n[0] == '/' && n[1] is not ('/' or '\\') && (n.StartsWith("/portal", StringComparison.Ordinal) || n.StartsWith("/dashboard", StringComparison.Ordinal))
            ? n : fallback;

    /// <summary>Pages for one role: anyone else is told plainly where to go instead.</summary>
    public static IResult? Refuse(HttpContext context, PortalLayout layout, Role role)
    {
        var caller = Caller.From(context.User);
        if (caller.Role == role) return null;
        var what = role switch
        {
            Role.Producer => "nhà sản xuất (khóa của một chủ thể OCOP)",
            Role.SalesPoint => "điểm bán (khóa của một điểm bán)",
            _ => "bên mua (khóa của một doanh nghiệp thu mua đã được Sở xác minh)",
        };
        return layout.Page(context, caller, "Trang này không dành cho khóa của bạn",
            $"<p>Trang này dành cho {what}.</p><p><a href=\"{Home(caller.Role)}\">Về trang của bạn</a></p>",
                status: 403);
    }

    /// <summary>Where each role lands after signing in.</summary>
    public static string Home(Role role) => role switch
    {
        Role.Producer => "/portal",
        Role.SalesPoint => "/portal/scan",
        Role.Buyer => LinkagePages.BuyerPath,
        _ => "/dashboard",
    };
}
