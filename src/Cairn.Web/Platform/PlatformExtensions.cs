using Cairn.Web.Platform.Caching;
using Cairn.Web.Platform.Api;
using Cairn.Web.Platform.Email;
using Cairn.Web.Platform.Events;
using Cairn.Web.Platform.Realtime;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;

namespace Cairn.Web.Platform;

/// <summary>The cross-cutting floor every module stands on: data, workspaces, accounts, security, errors, health.</summary>
public static class PlatformExtensions
{
    public static IHostApplicationBuilder AddCairnPlatform(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(CairnOptions.Section);
        var settings = section.Get<CairnOptions>() ?? new CairnOptions();
        builder.Services.Configure<CairnOptions>(section);

        var paths = new CairnPaths(builder.Environment.ContentRootPath, settings.DataDirectory);
        paths.EnsureCreated();
        builder.Services.AddSingleton(paths);

        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = settings.MaxRequestBodyBytes);

        builder.AddCairnData(paths);
        builder.Services.AddDomainEvents();
        var provider = (builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider;
        builder.AddCairnJobs(provider, builder.Configuration.GetConnectionString("Postgres"));
        builder.AddCairnEmail();
        builder.Services.AddDataProtection()
            .SetApplicationName("Cairn")
            .PersistKeysToFileSystem(new DirectoryInfo(paths.KeysDirectory));

        builder.AddCairnTenancy();
        builder.AddCairnAccounts();
        builder.AddCairnApiTokens(paths);
        builder.Services.AddAuthorization(options => options.AddWorkspacePolicies());
        builder.AddCairnApi();
        builder.AddCairnApiDocuments();
        builder.AddCairnRateLimits();
        builder.AddCairnOutputCache();
        builder.AddCairnDataCache();
        builder.AddCairnRealtime();
        builder.AddCairnModules();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "cairn.csrf";
            options.HeaderName = CookieApiAntiforgery.HeaderName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddRouting(options => options.LowercaseUrls = true);
        builder.Services.AddRazorPages().WithRazorPagesRoot("/Modules");
        QuietTempDataCookies.AddQuietTempDataCookies(builder.Services);
        builder.Services.AddCairnErrors();
        builder.AddCairnHealth();
        builder.Services.Configure<MarkdownOptions>(builder.Configuration.GetSection(MarkdownOptions.Section));
        builder.Services.AddSingleton<MarkdownRenderer>();
        // Forwarded headers are believed only from the networks in Cairn:Proxy:KnownNetworks (e.g. ["10.0.0.0/8"]
        // for a cluster's ingress, ["127.0.0.1/32"] for nginx on the same machine), so cookies stay Secure behind
        // a TLS-terminating proxy. Not even loopback by default: anything on the machine could otherwise claim any
        // address, and with it a fresh sign-in budget.
        var proxies = builder.Configuration.GetSection("Cairn:Proxy:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With both lists empty the middleware would believe every sender, so no proxy configured means no
            // forwarded headers read at all.
            options.ForwardedHeaders = proxies.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
#pragma warning disable CS0618, ASPDEPR005 // the old list is still read, and holds loopback by default
            options.KnownNetworks.Clear();
#pragma warning restore CS0618, ASPDEPR005
            foreach (var network in proxies) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    public static WebApplication UseCairnPlatform(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<WorkspaceLogScopeMiddleware>();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseCairnErrors();
        // Early, so that a cached answer costs no authentication or database work: routing first, because the
        // endpoints say what is cached (ModuleOutputCache.CacheReads), then the cache. After the error pages, so
        // that their re-executed requests are routed too.
        app.UseRouting();
        app.UseOutputCache();
        app.UseMiddleware<StorageFailureMiddleware>();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseMiddleware<DatabaseStartupGate>();
        app.UseStaticFiles();
        // Avatars are public files. Other media (recipe photos) are served by their modules, which check who asks.
        var avatars = Path.Combine(app.Services.GetRequiredService<CairnPaths>().MediaDirectory, "avatars");
        Directory.CreateDirectory(avatars);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/media/avatars",
            FileProvider = new PhysicalFileProvider(avatars),
        });

        app.UseCairnTenancy();
        app.UseCairnModuleSwitches();
        app.UseApiVersionCheck();
        app.UseAuthentication();
        app.UseMiddleware<CookieApiAntiforgery>();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapCairnHealth();
        app.MapCairnSitemap();
        app.MapCairnApiDocuments();
        app.UseCairnJobsDashboard();
        app.MapAuthApi();
        app.MapCairnHubs();
        app.MapRazorPages();
        return app;
    }
}

