using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cairn.Tests.Platform;

/// <summary>Gives up on a locked SQLite database after one second instead of five.</summary>
public sealed class ImpatientApp : CairnApp
{
    public ImpatientApp() : base(new Dictionary<string, string?> { ["Cairn:Database:BusyTimeout"] = "00:00:01" })
    {
    }
}

/// <summary>
/// Issue 10, item 11: a busy or read-only database, or a media folder that cannot be written, is answered 503
/// with Retry-After and words that say so, readiness reports it; a database that cannot be prepared at start
/// leaves the process up and not ready, trying again.
/// </summary>
public sealed class StorageFailureTests(ImpatientApp app) : IClassFixture<ImpatientApp>
{
    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Makes the database refuse writes until disposed: SQLite by holding its write lock, PostgreSQL by making it read-only.</summary>
    private async Task<IAsyncDisposable> RefuseWritesAsync()
    {
        if (!TestDatabase.IsPostgres)
        {
            // Not pooled: a pooled connection would keep the transaction (and the lock) after it is disposed.
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder(app.Database.ConnectionString) { Pooling = false }.ToString());
            await connection.OpenAsync();
            await using (var begin = connection.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }
            return new Undo(async () =>
            {
                await using (var rollback = connection.CreateCommand())
                {
                    rollback.CommandText = "ROLLBACK;";
                    await rollback.ExecuteNonQueryAsync();
                }
                await connection.DisposeAsync();
            });
        }

        var database = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString).Database!;
        await AlterAsync($"ALTER DATABASE \"{database}\" SET default_transaction_read_only = on");
        return new Undo(() => AlterAsync($"ALTER DATABASE \"{database}\" RESET default_transaction_read_only"));
    }

    private async Task AlterAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
        NpgsqlConnection.ClearAllPools(); // new sessions take the setting
    }

    private sealed class Undo(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }

    [Fact]
    public async Task ADatabaseThatRefusesWrites_Is503WithRetryAfter_AndNotReady_UntilItTakesThemAgain()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "busy");
        var user = await app.CreateUserAsync(ws);
        using var client = app.Browser(ws);
        var token = await BodyAsync(await client.Http.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = user.Password }));
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        using var probes = app.Browser();

        await using (await RefuseWritesAsync())
        {
            var refused = await client.Http.PostAsJsonAsync("/api/v1/tasks", new { title = "While it is locked" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            var detail = (await BodyAsync(refused)).GetProperty("detail").GetString()!;
            Assert.Contains(TestDatabase.IsPostgres ? "read-only" : "busy", detail, StringComparison.Ordinal);
            var ready = await probes.Http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await probes.Http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/tasks", new { title = "Afterwards" })).StatusCode);
    }

    [Fact]
    public async Task AMediaFolderThatCannotBeWritten_Is503OnThePage_AndNothingIsStored()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        var avatars = Path.Combine(app.DataDirectory, "media", "avatars");
        if (Directory.Exists(avatars)) Directory.Delete(avatars, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(avatars)!);
        // A file where the folder should be: as unwritable as a read-only mount, even for root.
        await File.WriteAllTextAsync(avatars, "");
        try
        {
            var token = await client.AntiforgeryTokenAsync("/account/profile");
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("Picture Person"), "Input.DisplayName" },
            };
            using var bitmap = new SkiaSharp.SKBitmap(8, 8);
            using var png = SkiaSharp.SKImage.FromBitmap(bitmap).Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            form.Add(new ByteArrayContent(png.ToArray()), "Input.Avatar", "me.png");
            var response = await client.Http.PostAsync("/account/profile", form);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            var page = await PageClient.ParseAsync(response);
            Assert.Contains("media folder cannot be written", page.QuerySelector("[data-testid=storage-problem]")!.TextContent, StringComparison.Ordinal);
            var (_, profile) = await client.GetAsync("/account/profile");
            Assert.Null(profile.QuerySelector("img.avatar-lg"));
        }
        finally
        {
            File.Delete(avatars);
        }
    }

    [Fact]
    public async Task ADatabaseThatCannotBePreparedAtStart_LeavesTheProcessUpAndNotReady_AndItKeepsTrying()
    {
        // SQLite: the database's folder is a file for now, so it cannot be made; PostgreSQL: a port nobody listens on.
        var missing = Path.Combine(Directory.CreateTempSubdirectory("cairn-late-").FullName, "not-yet");
        await File.WriteAllTextAsync(missing, "");
        var connection = TestDatabase.IsPostgres ? "Host=127.0.0.1;Port=1;Username=nobody;Timeout=1" : $"Data Source={Path.Combine(missing, "cairn.db")}";
        await using var late = new CairnApp(new Dictionary<string, string?> { [$"ConnectionStrings:{TestDatabase.ProviderName}"] = connection });
        var startup = late.Services.GetRequiredService<DatabaseStartup>();
        using var client = late.Browser();

        // Up: live at once; not ready, and pages and the API say 503 at once rather than hang, while it tries again.
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/live")).StatusCode);
        await Eventually.Until(() => startup.Attempts >= 2, "a second attempt", TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.Http.GetAsync("/health/ready")).StatusCode);
        var page = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.Http.GetAsync("/api/v1/tasks")).StatusCode);

        if (TestDatabase.IsPostgres) return; // a closed port stays closed; SQLite shows the recovery
        File.Delete(missing);
        await startup.Ready.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
    }
}
