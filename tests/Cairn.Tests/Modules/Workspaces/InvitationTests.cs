using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Workspaces;
using Cairn.Web.Platform.Jobs;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Workspaces;

/// <summary>
/// Issue 10, item 2: an account is not a membership. New workspaces are invitation-only; Owners and Admins invite
/// by email (single use, expires) or by a shareable link they can revoke; an Owner may open joining, optionally
/// to some email domains. The demo workspace is open.
/// </summary>
public sealed class InvitationTests(CairnApp app)
{
    private static Dictionary<string, string> SignupForm(string handle, string domain = "example.test") => new()
    {
        ["Input.Email"] = $"{handle}@{domain}", ["Input.UserName"] = handle, ["Input.DisplayName"] = $"Person {handle}",
        ["Input.Password"] = CairnApp.DefaultPassword, ["Input.ConfirmPassword"] = CairnApp.DefaultPassword,
    };

    private static string NewHandle() => $"i{Guid.NewGuid():N}"[..12];

    private async Task<WorkspaceRole?> RoleAsync(string ws, string handle)
    {
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            return await db.Memberships.Where(m => m.User!.UserName == handle).Select(m => (WorkspaceRole?)m.Role).FirstOrDefaultAsync();
        }
    }

    private async Task<(string Workspace, PageClient Owner)> OwnedWorkspaceAsync()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "inv");
        var client = app.Browser(ws);
        await client.LogInAsync(owner);
        return (ws, client);
    }

    /// <summary>The newest invitation email asked for in <paramref name="ws"/>, from the job's payload.</summary>
    private async Task<SendInvitationEmail> LastInvitationEmailAsync(string ws) => (await app.OutboxPayloadsAsync<SendInvitationEmail>(ws)).First();

    [Fact]
    public async Task OnANewWorkspace_SignupMakesAnAccountButNoMember_AndTheApiRefuses()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "closed");
        using var client = app.Browser(ws);
        var (_, form) = await client.GetAsync("/account/signup");
        Assert.Contains("invitation-only", form.QuerySelector("[data-testid=join-notice]")!.TextContent, StringComparison.Ordinal);

        var handle = NewHandle();
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignUpThroughPageAsync(client, SignupForm(handle), "/account/signup")).StatusCode);
        var (_, home) = await client.GetAsync("/");
        Assert.Contains("have not joined", home.QuerySelector(".flash-messages")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await RoleAsync(ws, handle));
        Assert.NotEqual(HttpStatusCode.OK, (await client.Http.GetAsync("/members")).StatusCode);

        // The RealWorld API makes no account it could not give a token for.
        using var api = app.Browser(ws);
        var email = $"{NewHandle()}@example.test";
        var refused = await api.Http.PostAsJsonAsync("/api/users", new { user = new { username = NewHandle(), email, password = CairnApp.DefaultPassword } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("workspace", out _));
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            Assert.False(await db.Users.AnyAsync(u => u.Email == email));
        }

        // The demo workspace, seeded on first run, is open.
        using var demo = app.Browser();
        var visitor = NewHandle();
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignUpThroughPageAsync(demo, SignupForm(visitor), "/account/signup")).StatusCode);
        Assert.Equal(WorkspaceRole.Member, await RoleAsync("demo", visitor));
    }

    [Fact]
    public async Task AnEmailInvitation_IsSentByAJob_AdmitsOnce_WithItsRole_AndExpires()
    {
        var (ws, owner) = await OwnedWorkspaceAsync();
        using (owner)
        {
            var invited = NewHandle();
            var sent = await owner.SubmitAsync("/members", new Dictionary<string, string> { ["Email"] = $"{invited}@example.test", ["InviteRole"] = "Viewer" }, "[data-testid=invite-form]");
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            var (_, members) = await owner.GetAsync("/members");
            Assert.Contains($"{invited}@example.test", members.QuerySelector("[data-testid=invitations]")!.TextContent, StringComparison.Ordinal);

            // The background job mails the link (to a file here: no SMTP server is configured).
            var payload = await LastInvitationEmailAsync(ws);
            await app.RunOutboxAsync<SendInvitationEmail>();
            var mails = Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml").Select(File.ReadAllText);
            Assert.Contains(mails, m => m.Contains($"/join/{payload.Token}", StringComparison.Ordinal) && m.Contains($"{invited}@example.test", StringComparison.Ordinal));

            // Following it: the join page, then sign-up with the invitation, as the invited role.
            using var guest = app.Browser(ws);
            var (_, join) = await guest.GetAsync($"/join/{payload.Token}");
            Assert.Contains("as Viewer", join.QuerySelector("[data-testid=join]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await app.SignUpThroughPageAsync(guest, SignupForm(invited), $"/account/signup?invite={payload.Token}")).StatusCode);
            Assert.Equal(WorkspaceRole.Viewer, await RoleAsync(ws, invited));

            // Used once: the next one who tries it gets an account but no membership, and the join page says so.
            using var second = app.Browser(ws);
            var late = NewHandle();
            await app.SignUpThroughPageAsync(second, SignupForm(late), $"/account/signup?invite={payload.Token}");
            Assert.Null(await RoleAsync(ws, late));
            var spent = await second.Http.GetAsync($"/join/{payload.Token}");
            Assert.Equal(HttpStatusCode.NotFound, spent.StatusCode);

            // An invitation past its seven days admits no one.
            await owner.SubmitAsync("/members", new Dictionary<string, string> { ["Email"] = "later@example.test" }, "[data-testid=invite-form]");
            var old = await LastInvitationEmailAsync(ws);
            var (dbScope, db) = await app.DbForAsync(ws);
            await using (dbScope)
            {
                await db.Invitations.Where(i => i.TokenHash == WorkspaceJoining.Hash(old.Token)).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
            }
            Assert.Equal(HttpStatusCode.NotFound, (await guest.Http.GetAsync($"/join/{old.Token}")).StatusCode);
        }
    }

    [Fact]
    public async Task AShareableLink_AdmitsManyUntilRevoked_AndExistingAccountsJoinWithOneButton()
    {
        var (ws, owner) = await OwnedWorkspaceAsync();
        using (owner)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync("/members", new Dictionary<string, string>(), "[data-testid=link-form]")).StatusCode);
            var (_, members) = await owner.GetAsync("/members");
            var link = new Uri(members.QuerySelector("[data-testid=new-link]")!.GetAttribute("value")!);
            var token = link.AbsolutePath["/join/".Length..];
            // Shown once: only its hash is kept.
            var (_, again) = await owner.GetAsync("/members");
            Assert.Null(again.QuerySelector("[data-testid=new-link]"));

            foreach (var _ in new[] { 1, 2 })
            {
                using var guest = app.Browser(ws);
                var handle = NewHandle();
                await app.SignUpThroughPageAsync(guest, SignupForm(handle), $"/account/signup?invite={token}");
                Assert.Equal(WorkspaceRole.Member, await RoleAsync(ws, handle));
            }

            // Someone with an account elsewhere signs in here and joins on the join page.
            var existing = await app.CreateUserAsync();
            using (var client = app.Browser(ws))
            {
                await client.LogInAsync(existing);
                Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync($"/join/{token}", new Dictionary<string, string>())).StatusCode);
                Assert.Equal(WorkspaceRole.Member, await RoleAsync(ws, existing.UserName));
            }

            var (_, listed) = await owner.GetAsync("/members");
            var revoke = listed.QuerySelector("[data-testid=invitations] form")!.GetAttribute("action")!;
            Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync("/members", new Dictionary<string, string>(), $"[data-testid=invitations] form[action='{revoke}']")).StatusCode);
            using var afterwards = app.Browser(ws);
            var refused = NewHandle();
            await app.SignUpThroughPageAsync(afterwards, SignupForm(refused), $"/account/signup?invite={token}");
            Assert.Null(await RoleAsync(ws, refused));
        }
    }

    [Fact]
    public async Task OnlyOwnersAndAdminsInvite_OnlyOwnersOpenJoining_AndDomainsLimitIt()
    {
        var (ws, owner) = await OwnedWorkspaceAsync();
        using (owner)
        {
            var member = await app.CreateUserAsync(ws);
            using (var client = app.Browser(ws))
            {
                await client.LogInAsync(member);
                var (_, page) = await client.GetAsync("/members");
                Assert.Null(page.QuerySelector("[data-testid=invite-form]"));
                var token = await client.AntiforgeryTokenAsync("/members");
                var invite = await client.Http.PostAsync("/members?handler=Invite", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@example.test", ["__RequestVerificationToken"] = token }));
                // Refused like every forbidden page (to the access-denied page), and nothing was made.
                Assert.Contains("/account/access-denied", invite.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
                var (scope, db) = await app.DbForAsync(ws);
                await using (scope)
                {
                    Assert.False(await db.Invitations.AnyAsync());
                }
            }

            var admin = await app.CreateUserAsync(ws, WorkspaceRole.Admin);
            using (var client = app.Browser(ws))
            {
                await client.LogInAsync(admin);
                var (_, page) = await client.GetAsync("/members");
                Assert.NotNull(page.QuerySelector("[data-testid=invite-form]"));
                Assert.Null(page.QuerySelector("[data-testid=joining-form]"));
                // No one is invited as Owner, not even by hand-made form data.
                Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync("/members", new Dictionary<string, string> { ["Email"] = "boss@example.test", ["InviteRole"] = "Owner" }, "[data-testid=invite-form]")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync("/members", new Dictionary<string, string> { ["Open"] = "true", ["Domains"] = "@Example.org, example.net" }, "[data-testid=joining-form]")).StatusCode);
            using var guest = app.Browser(ws);
            var outside = NewHandle();
            await app.SignUpThroughPageAsync(guest, SignupForm(outside, "example.test"), "/account/signup");
            Assert.Null(await RoleAsync(ws, outside));
            using var colleague = app.Browser(ws);
            var inside = NewHandle();
            await app.SignUpThroughPageAsync(colleague, SignupForm(inside, "example.org"), "/account/signup");
            Assert.Equal(WorkspaceRole.Member, await RoleAsync(ws, inside));

            // A domain proves nothing until the address is confirmed: the API, which mails no link, refuses it.
            using var api = app.Browser(ws);
            var unproven = NewHandle();
            var byApi = await api.Http.PostAsJsonAsync("/api/users", new { user = new { username = unproven, email = $"{unproven}@example.org", password = CairnApp.DefaultPassword } });
            Assert.Equal(HttpStatusCode.Forbidden, byApi.StatusCode);
            Assert.Contains("confirmed", (await byApi.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("workspace")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnInvitation_AdmitsOnlyToItsWorkspace_StrangersMakeNone_AndOpenOnesAreCapped()
    {
        var (ws, owner) = await OwnedWorkspaceAsync();
        using (owner)
        {
            await owner.SubmitAsync("/members", new Dictionary<string, string> { ["Email"] = "guest@example.test" }, "[data-testid=invite-form]");
            var payload = await LastInvitationEmailAsync(ws);

            // Another workspace does not know the token: its join page is a 404, its sign-up joins no one.
            var other = await app.CreateWorkspaceAsync(prefix: "inv");
            using var elsewhere = app.Browser(other);
            Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.Http.GetAsync($"/join/{payload.Token}")).StatusCode);
            var handle = NewHandle();
            await app.SignUpThroughPageAsync(elsewhere, SignupForm(handle), $"/account/signup?invite={payload.Token}");
            Assert.Null(await RoleAsync(other, handle));

            // A stranger (signed in nowhere here) cannot make invitations.
            using var stranger = app.Browser(ws);
            var token = await stranger.AntiforgeryTokenAsync("/account/login");
            var tried = await stranger.Http.PostAsync("/members?handler=Link", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Contains("/account/login", tried.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

            // A hostile Admin cannot fill the table: past the cap, new invitations are refused with a message.
            var (scope, db) = await app.DbForAsync(ws);
            await using (scope)
            {
                db.Invitations.AddRange(Enumerable.Range(0, WorkspaceJoining.MaxPendingInvitations).Select(i => new Invitation { TokenHash = $"{i:D64}", Email = $"x{i}@example.test" }));
                await db.SaveChangesAsync();
            }
            var refused = await owner.SubmitAsync("/members", new Dictionary<string, string>(), "[data-testid=link-form]");
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("open invitations", (await PageClient.ParseAsync(refused)).Body!.TextContent, StringComparison.Ordinal);
        }
    }
}
