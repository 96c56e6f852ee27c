using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Modules.Tasks;

/// <summary><c>/api/v1/tasks</c>: versioning, problem details, defaults, ETags, If-Match, filters, permissions.</summary>
public sealed class TasksApiTests(CairnApp app)
{
    private static async Task<string> TokenAsync(PageClient client, TestUser user)
    {
        var response = await client.Http.PostAsync("/api/users/login", JsonContent.Create(new { user = new { email = user.Email, password = user.Password } }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("token").GetString()!;
    }

    private async Task<(string Workspace, TestUser Owner, PageClient Client)> ApiClientAsync(WorkspaceRole role = WorkspaceRole.Member)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "tapi");
        var user = role == WorkspaceRole.Owner ? owner : await app.CreateUserAsync(ws, role);
        var client = app.Browser(ws);
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client, user));
        return (ws, user, client);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task UnsupportedVersion_Is400_WithTheSupportedVersions()
    {
        var (_, _, client) = await ApiClientAsync();
        using (client)
        {
            var response = await client.Http.GetAsync("/api/v2/tasks");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = await BodyAsync(response);
            Assert.Equal("Unsupported API version", problem.GetProperty("title").GetString());
            Assert.Equal(["v1"], problem.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/tasks")).StatusCode);
        }
    }

    [Fact]
    public async Task Post_WithOnlyATitle_Creates201WithLocationETagAndDefaults()
    {
        var (_, user, client) = await ApiClientAsync();
        using (client)
        {
            var response = await client.Http.PostAsync("/api/v1/tasks", Json("""{"title": "Buy oat milk"}"""));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var task = await BodyAsync(response);
            var id = task.GetProperty("id").GetInt32();
            Assert.Equal($"/api/v1/tasks/{id}", response.Headers.Location!.OriginalString);
            Assert.NotNull(response.Headers.ETag);
            Assert.Equal("open", task.GetProperty("status").GetString());
            Assert.Equal("normal", task.GetProperty("priority").GetString());
            Assert.Equal(TaskAccess.DefaultListName, task.GetProperty("list").GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.Null, task.GetProperty("dueAt").ValueKind);
            Assert.Equal(user.UserName, task.GetProperty("createdBy").GetProperty("username").GetString());

            // The same task, read back: the same ETag, and 304 when the client has it.
            var get = await client.Http.GetAsync($"/api/v1/tasks/{id}");
            Assert.Equal(response.Headers.ETag, get.Headers.ETag);
            using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tasks/{id}");
            conditional.Headers.IfNoneMatch.Add(get.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await client.Http.SendAsync(conditional)).StatusCode);
        }
    }

    [Fact]
    public async Task Writes_HonourIfMatch_AndPatchChangesOnlyWhatWasSent()
    {
        var (_, _, client) = await ApiClientAsync();
        using (client)
        {
            var created = await client.Http.PostAsync("/api/v1/tasks", Json("""{"title": "Draft the plan", "priority": "high", "tags": ["Work", "q3"], "dueAt": "2031-03-01T09:00:00+01:00"}"""));
            var id = (await BodyAsync(created)).GetProperty("id").GetInt32();
            var first = created.Headers.ETag!;

            using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/tasks/{id}") { Content = Json("""{"title": "Draft the whole plan", "priority": "urgent"}""") })
            {
                put.Headers.IfMatch.Add(first);
                var replaced = await client.Http.SendAsync(put);
                Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
                var body = await BodyAsync(replaced);
                Assert.Equal("urgent", body.GetProperty("priority").GetString());
                Assert.Empty(body.GetProperty("tags").EnumerateArray()); // PUT replaces: what is left out takes its default
                Assert.NotEqual(first, replaced.Headers.ETag);
            }

            // The first ETag is stale now.
            using (var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tasks/{id}") { Content = Json("""{"status": "done"}""") })
            {
                stale.Headers.IfMatch.Add(first);
                var refused = await client.Http.SendAsync(stale);
                Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            }

            var patched = await client.Http.PatchAsync($"/api/v1/tasks/{id}", Json("""{"status": "done", "dueAt": "2031-03-02T08:00:00Z"}"""));
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            var task = await BodyAsync(patched);
            Assert.Equal("done", task.GetProperty("status").GetString());
            Assert.Equal("Draft the whole plan", task.GetProperty("title").GetString());
            Assert.Equal("urgent", task.GetProperty("priority").GetString());
            Assert.Equal(new DateTime(2031, 3, 2, 8, 0, 0, DateTimeKind.Utc), task.GetProperty("dueAt").GetDateTime().ToUniversalTime());
            Assert.NotEqual(JsonValueKind.Null, task.GetProperty("completedAt").ValueKind);

            var cleared = await BodyAsync(await client.Http.PatchAsync($"/api/v1/tasks/{id}", Json("""{"dueAt": null}""")));
            Assert.Equal(JsonValueKind.Null, cleared.GetProperty("dueAt").ValueKind);
            Assert.Equal("done", cleared.GetProperty("status").GetString());

            Assert.Equal(HttpStatusCode.NoContent, (await client.Http.DeleteAsync($"/api/v1/tasks/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/api/v1/tasks/{id}")).StatusCode);
        }
    }

    [Theory]
    [InlineData("""{}""", 422, "title")]
    [InlineData("""{"title": "  "}""", 422, "title")]
    [InlineData("""{"title": "x", "priority": "sometimes"}""", 422, "priority")]
    [InlineData("""{"title": "x", "status": "maybe"}""", 422, "status")]
    [InlineData("""{"title": "x", "assignee": "nobody-here"}""", 422, "assignee")]
    [InlineData("""{"title": "x", "listId": 999999}""", 422, "listId")]
    [InlineData("""{"title": "x", "dueAt": "1800-01-01T00:00:00Z"}""", 422, "dueAt")]
    [InlineData("""{"title": """, 400, null)]
    [InlineData("""{"title": 42}""", 400, null)]
    public async Task BadInput_IsAProblemDetailsAnswer_NeverA500(string body, int status, string? field)
    {
        var (_, _, client) = await ApiClientAsync();
        using (client)
        {
            var response = await client.Http.PostAsync("/api/v1/tasks", Json(body));
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            if (field is not null) Assert.True((await BodyAsync(response)).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task List_UsesThePagesFilters_OnePageShape_AndLinkHeaders()
    {
        var (ws, user, client) = await ApiClientAsync();
        var list = await TaskSeed.ListAsync(app, ws, user.Id, "Errands");
        for (var i = 0; i < TaskQueries.PageSize + 2; i++)
            await TaskSeed.TaskAsync(app, ws, list, user.Id, $"Errand {i:D2}", i % 2 == 0 ? TaskPriority.High : TaskPriority.Low, done: i < 3);
        using (client)
        {
            var response = await client.Http.GetAsync("/api/v1/tasks?sort=title");
            var page = await BodyAsync(response);
            Assert.Equal(TaskQueries.PageSize + 2, page.GetProperty("total").GetInt32());
            Assert.Equal(2, page.GetProperty("pageCount").GetInt32());
            Assert.Equal(TaskQueries.PageSize, page.GetProperty("items").GetArrayLength());
            Assert.Equal("Errand 00", page.GetProperty("items")[0].GetProperty("title").GetString());
            var links = response.Headers.GetValues("Link").Single();
            Assert.Contains("</api/v1/tasks?sort=title&page=2>; rel=\"next\"", links, StringComparison.Ordinal);
            Assert.Contains("</api/v1/tasks?sort=title>; rel=\"first\"", links, StringComparison.Ordinal);

            var done = await BodyAsync(await client.Http.GetAsync("/api/v1/tasks?status=done&priority=high"));
            Assert.Equal(["Errand 00", "Errand 02"], done.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("title").GetString()).Order());

            var bad = await client.Http.GetAsync("/api/v1/tasks?status=maybe&due=soon");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            var errors = (await BodyAsync(bad)).GetProperty("errors");
            Assert.True(errors.TryGetProperty("status", out _));
            Assert.True(errors.TryGetProperty("due", out _));
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/v1/tasks?page=9")).StatusCode);
        }
    }

    [Fact]
    public async Task Permissions_AreThePagesOnes_AndCookiesWorkToo()
    {
        var (ws, member, memberClient) = await ApiClientAsync();
        var privateList = await TaskSeed.ListAsync(app, ws, member.Id, "Private");
        var secret = await TaskSeed.TaskAsync(app, ws, privateList, member.Id, "Secret");
        var viewer = await app.CreateUserAsync(ws, WorkspaceRole.Viewer);
        var other = await app.CreateUserAsync(ws);
        using var viewerClient = app.Browser(ws);
        viewerClient.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", await TokenAsync(viewerClient, viewer));
        using var cookieClient = app.Browser(ws);
        await cookieClient.LogInAsync(other);
        using var anonymous = app.Browser(ws);
        using (memberClient)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.Http.PostAsync("/api/v1/tasks", Json("""{"title": "Not allowed"}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await cookieClient.Http.GetAsync($"/api/v1/tasks/{secret}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await cookieClient.Http.GetAsync("/api/v1/tasks")).StatusCode);
            // Signed in by cookie, a write needs the page's antiforgery token in a header (issue 10, item 15).
            var forged = await cookieClient.Http.PostAsync("/api/v1/tasks", Json("""{"title": "Forged by another site"}"""));
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Equal("application/problem+json", forged.Content.Headers.ContentType!.MediaType);
            using (var withToken = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = Json("""{"title": "By cookie"}""") })
            {
                withToken.Headers.Add("X-CSRF-TOKEN", await cookieClient.AntiforgeryTokenAsync("/tasks"));
                Assert.Equal(HttpStatusCode.Created, (await cookieClient.Http.SendAsync(withToken)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.BadRequest, (await cookieClient.Http.DeleteAsync($"/api/v1/tasks/{secret}")).StatusCode);
            var (checkScope, check) = await app.DbForAsync(ws);
            await using (checkScope)
            {
                Assert.False(await check.Tasks.AnyAsync(t => t.Title == "Forged by another site"));
                Assert.True(await check.Tasks.AnyAsync(t => t.Id == secret));
            }
            var unauthenticated = await anonymous.Http.GetAsync("/api/v1/tasks");
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

            // A token of this workspace is refused on another one.
            var elsewhere = await app.CreateWorkspaceAsync(prefix: "tapio");
            using var foreign = app.Browser(elsewhere);
            foreign.Http.DefaultRequestHeaders.Authorization = memberClient.Http.DefaultRequestHeaders.Authorization;
            Assert.Equal(HttpStatusCode.Unauthorized, (await foreign.Http.GetAsync("/api/v1/tasks")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await memberClient.Http.GetAsync($"/api/v1/tasks/{secret}")).StatusCode);
        }
    }
}
