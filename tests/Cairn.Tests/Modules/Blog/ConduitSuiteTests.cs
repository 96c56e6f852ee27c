using Cairn.Tests.Infrastructure;
using System.Diagnostics;
using System.Text.Json;
using Cairn.Tests.Browser;

namespace Cairn.Tests.Modules.Blog;

/// <summary>
/// The official RealWorld Postman collection, run by newman against Cairn on Kestrel. Passes only when all
/// 32 requests ran and not one assertion failed. ./test.sh installs newman into tests/.tools.
/// </summary>
public sealed class ConduitSuiteTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task OfficialRealWorldCollection_PassesInFull()
    {
        var newman = Environment.GetEnvironmentVariable("CAIRN_NEWMAN") ?? RepositoryFiles.FindUp("tests/.tools/node_modules/.bin/newman");
        Assert.True(newman is not null && File.Exists(newman),
            "newman is not installed: run ./test.sh (it installs it into tests/.tools) or set CAIRN_NEWMAN");
        var collection = Environment.GetEnvironmentVariable("CAIRN_CONDUIT_COLLECTION") ?? RepositoryFiles.FindUp("tests/Cairn.Tests/Modules/Blog/RealWorld/Conduit.postman_collection.json");
        Assert.True(collection is not null && File.Exists(collection), "the RealWorld collection is not found: set CAIRN_CONDUIT_COLLECTION");

        var user = $"suite{Guid.NewGuid():N}"[..16];
        var report = Path.Combine(app.DataDirectory, "newman.json");
        var start = new ProcessStartInfo(newman!,
        [
            "run", collection!, "--reporters", "cli,json", "--reporter-json-export", report, "--disable-unicode",
            "--global-var", $"APIURL=http://127.0.0.1:{app.Port}/api",
            "--global-var", $"USERNAME={user}",
            "--global-var", $"EMAIL={user}@example.test",
            "--global-var", "PASSWORD=Conduit suite passphrase 1",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var log = await output + await errors;

        Assert.True(File.Exists(report), "newman wrote no report:\n" + log);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var stats = json.RootElement.GetProperty("run").GetProperty("stats");
        var requests = stats.GetProperty("requests");
        var assertions = stats.GetProperty("assertions");
        TestContext.Current.SendDiagnosticMessage(
            $"RealWorld suite: {requests.GetProperty("total").GetInt32()} requests, {assertions.GetProperty("total").GetInt32()} assertions, {assertions.GetProperty("failed").GetInt32()} failed");
        Assert.True(requests.GetProperty("total").GetInt32() == 32, "requests run: " + requests.GetProperty("total") + "\n" + log);
        Assert.True(requests.GetProperty("failed").GetInt32() == 0, log);
        Assert.True(assertions.GetProperty("total").GetInt32() > 0, log);
        Assert.True(assertions.GetProperty("failed").GetInt32() == 0, log);
    }
}
