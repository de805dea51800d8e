using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Access;

public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessKeyStore keys, IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "x-api-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values)) return AuthenticateResult.NoResult();
        var presented = values.ToString();
        if (presented.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed key.");

        var adminKey = configuration["Ocop:AdminApiKey"];
        if (!string.IsNullOrEmpty(adminKey) && AccessKey.FixedTimeEquals(presented, adminKey))
            return Success(new Caller(Role.Admin));

        var caller = await keys.FindAsync(presented, Context.RequestAborted);
        return caller is null ? AuthenticateResult.Fail("Unknown key.") : Success(caller);
    }

    private AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        return Problems.Problem(401, "Chưa đăng nhập hoặc khóa truy cập không đúng",
            $"Send a valid access key in the {Header} header.", "unauthenticated").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        return Problems.Forbidden("Your key's role may not do this.").ExecuteAsync(Context);
    }
}
