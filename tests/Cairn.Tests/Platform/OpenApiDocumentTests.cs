using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Platform;

/// <summary>
/// The OpenAPI document per version, served at /openapi/v1.json, equals the committed docs/api/v1.json (apart from
/// "servers", which names the host it was asked on), and passes Redocly's linter. After changing the API, write the
/// new document with <c>CAIRN_UPDATE_API_DOCS=1 dotnet test --filter OpenApiDocumentTests</c> and review the diff.
/// </summary>
public sealed class OpenApiDocumentTests(CairnApp app)
{
    private static string Committed(string version) =>
        RepositoryFiles.FindUp(Path.Combine("docs", "api", $"{version}.json")) ?? Path.Combine(RepositoryFiles.Root(), "docs", "api", $"{version}.json");

    [Fact]
    public async Task ServedDocument_EqualsTheCommittedOne()
    {
        using var client = app.Browser();
        var response = await client.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("3.1.1", served["openapi"]!.GetValue<string>());
        served["servers"] = new JsonArray(new JsonObject { ["url"] = "https://acme.cairn.test", ["description"] = "a workspace's own host (with `dotnet run`: http://localhost:5000 or http://acme.localhost:5000)" });
        var text = served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

        var path = Committed("v1");
        if (Environment.GetEnvironmentVariable("CAIRN_UPDATE_API_DOCS") == "1") await File.WriteAllTextAsync(path, text);
        Assert.True(File.Exists(path), $"{path} is missing: run CAIRN_UPDATE_API_DOCS=1 dotnet test --filter OpenApiDocumentTests");
        var committed = await File.ReadAllTextAsync(path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(committed), JsonNode.Parse(text)),
            "docs/api/v1.json differs from what the app serves: run CAIRN_UPDATE_API_DOCS=1 dotnet test --filter OpenApiDocumentTests and review the diff");
    }

    [Fact]
    public async Task Document_DescribesTheTasksApi_WithBothSignInSchemes()
    {
        using var client = app.Browser();
        var document = JsonNode.Parse(await client.Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/tasks", paths);
        Assert.Contains("/api/v1/tasks/{id}", paths);
        Assert.DoesNotContain(paths, p => p.Contains("{version}", StringComparison.Ordinal) || !p.StartsWith("/api/v1/", StringComparison.Ordinal));
        var schemes = document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).Order().ToList();
        Assert.Equal(["bearer", "cookie"], schemes);
        var list = document["paths"]!["/api/v1/tasks"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("status", list);
        Assert.Contains("due", list);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/openapi/v2.json")).StatusCode);
    }

    [Fact]
    public async Task Explorer_IsServedAtApiDocs_WithItsOwnScriptPolicy()
    {
        using var client = app.Browser();
        var response = await client.Http.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("'unsafe-inline'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        // Everywhere else, no inline script may run.
        var home = await client.Http.GetAsync("/");
        Assert.DoesNotContain("unsafe-inline", home.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommittedDocument_PassesTheRedoclyLinter()
    {
        var redocly = Environment.GetEnvironmentVariable("CAIRN_REDOCLY") ?? RepositoryFiles.FindUp("tests/.tools/node_modules/.bin/redocly");
        Assert.True(redocly is not null && File.Exists(redocly),
            "@redocly/cli is not installed: run ./test.sh (it installs it into tests/.tools) or set CAIRN_REDOCLY");
        var start = new ProcessStartInfo(redocly!, ["lint", Committed("v1"), "--config", Path.Combine(RepositoryFiles.Root(), "docs", "api", "redocly.yaml"), "--format", "stylish"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" },
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + errors;
        Assert.True(process.ExitCode == 0, $"redocly lint failed:\n{text}");
        Assert.DoesNotContain("warning", text.Replace("Deprecation warning", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }
}
