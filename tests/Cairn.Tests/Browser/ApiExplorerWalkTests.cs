using System.Text.RegularExpressions;
using Cairn.Tests.Modules.Tasks;
using Microsoft.Playwright;

namespace Cairn.Tests.Browser;

/// <summary>
/// The API explorer at /api/docs (Scalar) in Chromium: the "browsable API". A signed-in member tries a call and
/// their session cookie authorizes it; the same try without a session is refused.
/// </summary>
public sealed partial class ApiExplorerWalkTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task SignedInMember_TriesListTasks_WithTheirSession()
    {
        var member = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(member.Id, prefix: "docs");
        var list = await TaskSeed.ListAsync(app, ws, member.Id, "Inbox");
        await TaskSeed.TaskAsync(app, ws, list, member.Id, "Explore the API");

        await using var signedIn = await app.Chromium.NewContextAsync();
        var page = await signedIn.NewPageAsync();
        await app.LogInAsync(page, member, ws);

        Assert.Equal(200, (await TryListTasksAsync(page, ws)).Status);
        await Assertions.Expect(page.GetByText("\"Explore the API\"")).ToBeVisibleAsync();

        await using var anonymous = await app.Chromium.NewContextAsync();
        var stranger = await anonymous.NewPageAsync();
        Assert.Equal(401, (await TryListTasksAsync(stranger, ws)).Status);
        await Assertions.Expect(stranger.GetByText("\"Unauthorized\"")).ToBeVisibleAsync();
        await Assertions.Expect(stranger.GetByText("\"Explore the API\"")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Opens GET /api/v1/tasks in the explorer, its "Test Request" client, and sends it with no token typed in;
    /// returns the response the browser received.
    /// </summary>
    private async Task<IResponse> TryListTasksAsync(IPage page, string ws)
    {
        await page.GotoAsync(app.Url("/api/docs#tag/tasks/GET/api/v1/tasks", ws));
        await page.Locator("button").Filter(new() { HasTextRegex = TestListTasks() }).ClickAsync();
        return await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Send get request to" }).First.ClickAsync(),
            response => response.Url.EndsWith("/api/v1/tasks", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^Test Request\s*\(get /api/v1/tasks\)$")]
    private static partial Regex TestListTasks();
}
