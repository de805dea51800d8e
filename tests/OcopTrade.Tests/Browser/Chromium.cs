using Microsoft.Playwright;

namespace OcopTrade.Tests.Browser;

/// <summary>One headless Chromium (Debian's, installed by ./test.sh) shared by the tests of a class.
/// Playwright's own browser download cannot work here, so a missing /usr/bin/chromium fails the tests.</summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}: run ./test.sh, or `apt-get install chromium`. The browser tests need it.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A cheap Android phone as a Vietnamese buyer holds it.</summary>
    public Task<IBrowserContext> PhoneAsync() => Browser.NewContextAsync(new()
    {
        ViewportSize = new() { Width = 360, Height = 740 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = "vi-VN",
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

/// <summary>A page in a fresh phone context that records what happened: every request, console error (with the URL it
/// is about), uncaught script error and dialog.</summary>
public sealed class PhonePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private PhonePage(IBrowserContext context, IPage page) { _context = context; Page = page; }

    public IPage Page { get; }
    public List<string> Requests { get; } = [];
    public List<string> ConsoleErrors { get; } = [];
    public List<string> PageErrors { get; } = [];
    public List<string> Dialogs { get; } = [];

    public static async Task<PhonePage> OpenAsync(Chromium chromium)
    {
        var context = await chromium.PhoneAsync();
        var phone = new PhonePage(context, await context.NewPageAsync());
        phone.Page.Request += (_, request) => { lock (phone.Requests) phone.Requests.Add(request.Url); };
        phone.Page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (phone.ConsoleErrors) phone.ConsoleErrors.Add($"{message.Text} @ {message.Location}");
        };
        phone.Page.PageError += (_, error) => { lock (phone.PageErrors) phone.PageErrors.Add(error); };
        phone.Page.Dialog += async (_, dialog) =>
        {
            lock (phone.Dialogs) phone.Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        return phone;
    }

    /// <summary>What the browser does after "load" (the icon request, late CSP reports) is reported later: wait for
    /// the network to go quiet, then give a late console error a moment to arrive.</summary>
    public async Task SettleAsync()
    {
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        try { await Page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Type == "error", Timeout = 2000 }); }
        catch (TimeoutException) { }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
