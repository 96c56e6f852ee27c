using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Cairn.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Modules.Recipes.Import;

/// <summary>
/// A small recipe site on 127.0.0.1 for the fetcher's tests (Kestrel on a free port): a real page, redirect
/// chains, an oversize page, a compressed page that inflates past the limit, one that trickles, an image, a page
/// without a Content-Type, one in windows-1252, and redirects to a private address and to a file. It remembers
/// every path asked for, so a test can show a refused address never reached it.
/// </summary>
public sealed class RecipeSite : IAsyncLifetime
{
    /// <summary>The body /big sends: well over the 10 kB the tests allow.</summary>
    public const int BigPageBytes = 200_000;

    /// <summary>What /bomb inflates to; it travels as a few kilobytes of gzip.</summary>
    public const int BombBytes = 2_000_000;

    private readonly ConcurrentQueue<string> _paths = new();
    private WebApplication? _app;

    public int Port { get; } = Loopback.FreePort();

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>Whether a request for <paramref name="path"/> reached the site.</summary>
    public bool Saw(string path) => _paths.Contains(path);

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            _paths.Enqueue(context.Request.Path.Value ?? "");
            await next(context);
        });

        var galette = RecipePageReaderTests.Page("yoast-graph.html");
        app.MapGet("/galette", () => Results.Content(galette, "text/html; charset=utf-8"));
        app.MapGet("/hop/{n:int}", (int n) => n == 0
            ? Results.Content(galette, "text/html; charset=utf-8")
            : Results.Redirect(n % 2 == 0 ? $"/hop/{n - 1}" : $"http://127.0.0.1:{Port}/hop/{n - 1}"));
        app.MapGet("/big", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            var chunk = Encoding.ASCII.GetBytes("<p>" + new string('x', 996) + "</p>");
            for (var sent = 0; sent < BigPageBytes && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        });
        var bomb = Gzip(Encoding.ASCII.GetBytes("<html><body>" + new string(' ', BombBytes) + "</body></html>"));
        app.MapGet("/bomb", (HttpContext context) =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(bomb, "text/html");
        });
        app.MapGet("/slow", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            try
            {
                // Each write is quick; the page as a whole never ends in time.
                for (var i = 0; i < 300; i++)
                {
                    await context.Response.WriteAsync("<p>still cooking</p>", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(100, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The fetcher hung up, as it should.
            }
        });
        app.MapGet("/photo.png", () => Results.Bytes([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0], "image/png"));
        app.MapGet("/untyped", (HttpContext context) => context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("\n  <!doctype html><title>Plain</title>")).AsTask());
        app.MapGet("/latin", (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            var body = Encoding.Latin1.GetBytes("<html><head><meta charset=\"windows-1252\"><title>Crème brûlée</title></head><body></body></html>");
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        app.MapGet("/to-private", () => Results.Redirect($"http://127.0.0.2:{Port}/galette"));
        app.MapGet("/to-file", () => Results.Redirect("file:///etc/passwd"));

        await app.StartAsync();
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(data);
        return output.ToArray();
    }
}
