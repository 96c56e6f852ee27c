using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Modules.Workspaces;

/// <summary>
/// Roles and removal on <c>/members</c>, with least privilege: Owners manage everyone, Admins only Members and
/// Viewers, everyone may leave; a workspace always keeps an Owner, even when two Owners demote each other at once.
/// </summary>
public sealed class MemberManagementTests(CairnApp app)
{
    private async Task<WorkspaceRole?> RoleAsync(string ws, string handle)
    {
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            return await db.Memberships.Where(m => m.User!.UserName == handle).Select(m => (WorkspaceRole?)m.Role).FirstOrDefaultAsync();
        }
    }

    /// <summary>A POST as a hand-made form would send it, whether or not the page shows that form.</summary>
    private static async Task<HttpResponseMessage> PostAsync(PageClient client, string handler, string userName, WorkspaceRole? role = null)
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync("/account/login") };
        if (role is { } given) fields["newRole"] = given.ToString();
        return await client.Http.PostAsync($"/members?handler={handler}&userName={userName}", new FormUrlEncodedContent(fields));
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        (await PageClient.ParseAsync(response)).QuerySelector("[data-testid=members-error]")?.TextContent;

    private async Task<(string Workspace, TestUser Owner, PageClient Client)> WorkspaceAsync()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "team");
        var client = app.Browser(ws);
        await client.LogInAsync(owner);
        return (ws, owner, client);
    }

    [Fact]
    public async Task AnOwner_ChangesRoles_AndRemovesMembers_WhoLoseAccessAtOnce()
    {
        var (ws, _, owner) = await WorkspaceAsync();
        using (owner)
        {
            var member = await app.CreateUserAsync(ws);
            var viewer = await app.CreateUserAsync(ws, WorkspaceRole.Viewer);

            // The page's own form: a role picker on each row.
            var promoted = await owner.SubmitAsync("/members", new Dictionary<string, string> { ["newRole"] = "Admin" },
                $"[data-testid=role-form][action*='userName={member.UserName}']");
            Assert.Equal(HttpStatusCode.Redirect, promoted.StatusCode);
            Assert.Equal(WorkspaceRole.Admin, await RoleAsync(ws, member.UserName));

            // The viewer, signed in with a cookie and with an API refresh token, is removed.
            using var removed = app.Browser(ws);
            await removed.LogInAsync(viewer);
            using var api = app.Browser(ws);
            var pair = await (await api.Http.PostAsJsonAsync("/api/v1/auth/token", new { email = viewer.Email, password = viewer.Password })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, (await removed.Http.GetAsync("/members")).StatusCode);
            var gone = await owner.SubmitAsync("/members", new Dictionary<string, string>(), $"[data-testid=remove-form][action*='userName={viewer.UserName}']");
            Assert.Equal(HttpStatusCode.Redirect, gone.StatusCode);
            Assert.Null(await RoleAsync(ws, viewer.UserName));
            Assert.NotEqual(HttpStatusCode.OK, (await removed.Http.GetAsync("/members")).StatusCode);
            var refresh = await api.Http.PostAsJsonAsync("/api/v1/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = pair.GetProperty("refresh_token").GetString()! });
            Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        }
    }

    [Fact]
    public async Task Admins_ManageOnlyMembersAndViewers_MembersNoOne_AndStrangersNothing()
    {
        var (ws, owner, ownerClient) = await WorkspaceAsync();
        ownerClient.Dispose();
        var admin = await app.CreateUserAsync(ws, WorkspaceRole.Admin);
        var otherAdmin = await app.CreateUserAsync(ws, WorkspaceRole.Admin);
        var member = await app.CreateUserAsync(ws);
        using var client = app.Browser(ws);
        await client.LogInAsync(admin);

        // The page offers an Admin pickers for Members and Viewers only, with those two roles.
        var (_, page) = await client.GetAsync("/members");
        var pickers = page.QuerySelectorAll("[data-testid=role-form]");
        Assert.Single(pickers);
        Assert.Equal(["Member", "Viewer"], pickers[0].QuerySelectorAll("option").Select(o => o.TextContent).ToArray());

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "Role", member.UserName, WorkspaceRole.Viewer)).StatusCode);
        Assert.Equal(WorkspaceRole.Viewer, await RoleAsync(ws, member.UserName));

        // What the page does not offer, hand-made POSTs do not get either; nothing changes.
        foreach (var (handler, who, role) in new (string, string, WorkspaceRole?)[]
        {
            ("Role", member.UserName, WorkspaceRole.Admin), ("Role", member.UserName, WorkspaceRole.Owner), ("Role", owner.UserName, WorkspaceRole.Viewer),
            ("Role", otherAdmin.UserName, WorkspaceRole.Member), ("Remove", otherAdmin.UserName, null), ("Remove", owner.UserName, null),
        })
        {
            var refused = await PostAsync(client, handler, who, role);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Owners", await ErrorOf(refused), StringComparison.Ordinal);
        }
        Assert.Equal(WorkspaceRole.Viewer, await RoleAsync(ws, member.UserName));
        Assert.Equal(WorkspaceRole.Owner, await RoleAsync(ws, owner.UserName));
        Assert.Equal(WorkspaceRole.Admin, await RoleAsync(ws, otherAdmin.UserName));

        // A Member changes no one, and may only leave.
        var plain = await app.CreateUserAsync(ws);
        using (var memberClient = app.Browser(ws))
        {
            await memberClient.LogInAsync(plain);
            var (_, own) = await memberClient.GetAsync("/members");
            Assert.Empty(own.QuerySelectorAll("[data-testid=role-form]"));
            Assert.Single(own.QuerySelectorAll("[data-testid=remove-form]"));
            Assert.Contains("Only Owners and Admins", await ErrorOf(await PostAsync(memberClient, "Role", plain.UserName, WorkspaceRole.Admin)), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(memberClient, "Remove", plain.UserName)).StatusCode);
            Assert.Null(await RoleAsync(ws, plain.UserName));
        }

        // Someone from another workspace: refused here; and this workspace's Owner cannot reach members of theirs.
        var other = await app.CreateWorkspaceAsync(prefix: "other");
        var outsider = await app.CreateUserAsync(other, WorkspaceRole.Owner);
        using (var stranger = app.Browser(ws))
        {
            await stranger.LogInAsync(outsider);
            Assert.NotEqual(HttpStatusCode.OK, (await PostAsync(stranger, "Remove", member.UserName)).StatusCode);
            Assert.Equal(WorkspaceRole.Viewer, await RoleAsync(ws, member.UserName));
        }
        using var ownerAgain = app.Browser(ws);
        await ownerAgain.LogInAsync(owner);
        Assert.Contains("No member", await ErrorOf(await PostAsync(ownerAgain, "Remove", outsider.UserName)), StringComparison.Ordinal);
        Assert.Equal(WorkspaceRole.Owner, await RoleAsync(other, outsider.UserName));
    }

    [Fact]
    public async Task TheLastOwner_CannotLeaveOrStepDown_EvenWhenTwoOwnersDemoteEachOtherAtOnce()
    {
        var (ws, owner, client) = await WorkspaceAsync();
        using (client)
        {
            Assert.Equal(WorkspaceMembers.LastOwner, await ErrorOf(await PostAsync(client, "Remove", owner.UserName)));
            Assert.Equal(WorkspaceMembers.LastOwner, await ErrorOf(await PostAsync(client, "Role", owner.UserName, WorkspaceRole.Admin)));

            var second = await app.CreateUserAsync(ws, WorkspaceRole.Owner);
            using var secondClient = app.Browser(ws);
            await secondClient.LogInAsync(second);
            for (var round = 0; round < 4; round++)
            {
                await Task.WhenAll(PostAsync(client, "Role", second.UserName, WorkspaceRole.Member), PostAsync(secondClient, "Role", owner.UserName, WorkspaceRole.Member));
                var owners = new[] { await RoleAsync(ws, owner.UserName), await RoleAsync(ws, second.UserName) }.Count(r => r == WorkspaceRole.Owner);
                Assert.Equal(1, owners);
                // Put things back for the next round: whoever is still Owner promotes the other.
                var (stillOwner, demoted) = await RoleAsync(ws, owner.UserName) == WorkspaceRole.Owner ? (client, second.UserName) : (secondClient, owner.UserName);
                Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(stillOwner, "Role", demoted, WorkspaceRole.Owner)).StatusCode);
            }
        }
    }
}
