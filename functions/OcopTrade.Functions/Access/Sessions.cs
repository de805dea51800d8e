using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Access;

/// <summary>The portal's sign-in: the access key is entered once and exchanged for an encrypted, http-only,
/// SameSite=Strict cookie that expires. The API accepts either: <c>x-api-key</c> when the header is present, the
/// session cookie otherwise, so every endpoint (and anyone's page built on the API) serves a signed-in person
/// with exactly the scope of the key they signed in with. The cookie holds only the id of a session kept in table
/// storage (<see cref="SessionTickets"/>), so signing out ends it everywhere at once.</summary>
public static class Sessions
{
    public const string EitherScheme = "KeyOrSession";
    public const string SchemeName = "Session";
    public const string CookieName = "ocop_session";
    public const string SignInPath = "/portal/sign-in";
    public const string KeyHashClaim = "keyHash";

    /// <summary>State-changing calls made with a session must carry this header. A cross-site form or image cannot
    /// send a custom header, and a cross-origin script would need a CORS preflight that this app never grants, so
    /// only the portal's own same-origin script gets through (SameSite=Strict already withholds the cookie; this is
    /// the second lock).</summary>
    public const string CsrfHeader = "X-Ocop-Portal";

    public static AuthenticationBuilder AddPortalSessions(this AuthenticationBuilder auth)
    {
        auth.Services.AddDataProtection().SetApplicationName("OcopTrade");
        auth.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>, BlobKeyRing.Setup>();
        auth.Services.AddSingleton<SessionTickets>();
        auth.Services.AddOptions<CookieAuthenticationOptions>(SchemeName)
            .Configure<IConfiguration, SessionTickets>((o, configuration, tickets) =>
            {
                o.ExpireTimeSpan = TimeSpan.FromHours(configuration.GetValue("Ocop:Portal:SessionHours", 8.0));
                o.SessionStore = tickets; // sign-out ends the session on the server, not only in the browser
            });
        return auth
            .AddPolicyScheme(EitherScheme, "x-api-key or portal session", o => o.ForwardDefaultSelector = Select)
            .AddCookie(SchemeName, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.IsEssential = true;
                // A working day, then sign in again: a phone left at the market stall does not stay signed in for ever.
                o.SlidingExpiration = false;
                o.LoginPath = SignInPath;
                o.ReturnUrlParameter = "next";
                o.Events.OnValidatePrincipal = ValidateAsync;
                o.Events.OnRedirectToLogin = context => ApiOr(context, 401, () => context.Response.Redirect(context.RedirectUri));
                o.Events.OnRedirectToAccessDenied = context => ApiOr(context, 403, () => context.Response.StatusCode = 403);
            });
    }

    /// <summary>Header first (scripts and integrations), then the cookie; an API call with neither is challenged
    /// the API's way (401 problem+json), a page the portal's way (to the sign-in page).</summary>
    private static string Select(HttpContext context) =>
        context.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.SchemeName
        : context.Request.Cookies.ContainsKey(CookieName) || !context.Request.Path.StartsWithSegments("/api") ? SchemeName
        : ApiKeyAuthentication.SchemeName;

    public static ClaimsPrincipal Principal(Caller caller, string keyHash)
    {
        var principal = caller.ToPrincipal(SchemeName);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(KeyHashClaim, keyHash));
        return principal;
    }

    /// <summary>A revoked key ends its sessions too (within the key cache's minute), not only its API calls.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var hash = context.Principal?.FindFirstValue(KeyHashClaim);
        var services = context.HttpContext.RequestServices;
        var adminKey = services.GetRequiredService<IConfiguration>()["Ocop:AdminApiKey"];
        var valid = hash is not null && (
            (!string.IsNullOrEmpty(adminKey) && AccessKey.FixedTimeEquals(hash, AccessKey.Hash(adminKey)))
            || await services.GetRequiredService<AccessKeyStore>().FindByHashAsync(hash, context.HttpContext.RequestAborted) is not null);
        if (valid) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(SchemeName);
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> context, int status, Action page)
    {
        if (!context.Request.Path.StartsWithSegments("/api")) { page(); return Task.CompletedTask; }
        context.Response.StatusCode = status;
        return (status == 401
            ? Problems.Problem(401, "Chưa đăng nhập hoặc phiên đã hết hạn", "The portal session expired or was revoked; sign in again.", "unauthenticated")
            : Problems.Forbidden("Your key's role may not do this.")).ExecuteAsync(context.HttpContext);
    }

    /// <summary>Refuses a state-changing request made with a session cookie but without <see cref="CsrfHeader"/>.</summary>
    public static IApplicationBuilder UseSessionCsrfGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: SchemeName }
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && !SentByPortal(context.Request))
        {
            await Problems.Problem(403, "Yêu cầu bị từ chối",
                $"A request made with a portal session must carry the {CsrfHeader} header (cross-site request protection).", "csrf").ExecuteAsync(context);
            return;
        }
        await next();
    });

    public static bool SentByPortal(HttpRequest request) => request.Headers[CsrfHeader] == "1";
}
