using Cairn.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cairn.Tests.Browser;

/// <summary>Cairn on real Kestrel, on loopback and a free port, for clients outside the test process.</summary>
public class KestrelApp : CairnApp
{
    public KestrelApp() => UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));

    internal KestrelApp(Dictionary<string, string?> settings) : base(settings) =>
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));

    /// <summary>The port Kestrel listens on; pages are opened at <c>http://localhost:{Port}</c> or a workspace's <c>http://{slug}.localhost:{Port}</c>.</summary>
    public int Port { get; private set; }

    public override async ValueTask InitializeAsync()
    {
        StartServer();
        await base.InitializeAsync();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    public string Url(string path, string? workspace = null) =>
        $"http://{(workspace is null ? "localhost" : workspace + ".localhost")}:{Port}{path}";
}

/// <summary>Cairn on real Kestrel and Debian's Chromium driven by Playwright.</summary>
public class BrowserApp : KestrelApp
{
    public BrowserApp()
    {
    }

    /// <summary>With settings of its own (a subclass for one test class).</summary>
    protected BrowserApp(Dictionary<string, string?> settings) : base(settings)
    {
    }

    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CAIRN_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>Logs <paramref name="user"/> in on <paramref name="workspace"/>'s host through the login form.</summary>
    public async Task LogInAsync(IPage page, TestUser user, string workspace)
    {
        await page.GotoAsync(Url("/account/login", workspace));
        await page.GetByLabel("Email").FillAsync(user.Email);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
