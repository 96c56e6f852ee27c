using System.Security.Claims;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>
/// Due times are stored in UTC and entered, shown and bucketed in the user's own zone. The clock is fixed at
/// Thursday 26 November 2026, 10:30 UTC: 23:30 the same day in Auckland (UTC+13), 05:30 in New York.
/// </summary>
public sealed class TimeZoneTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static readonly DateTime Utc = ClockedApp.Start.UtcDateTime;

    private async Task<(string Workspace, TestUser User, PageClient Client)> UserInZoneAsync(string zone, string? workspace = null)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        workspace ??= await app.CreateWorkspaceAsync(owner.Id, prefix: "tz");
        var user = await app.CreateUserAsync(workspace);
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>();
            var stored = await users.FindByIdAsync(user.Id.ToString());
            stored!.TimeZone = zone;
            await users.UpdateAsync(stored);
        }

        var client = app.Browser(workspace);
        await client.LogInAsync(user);
        return (workspace, user, client);
    }

    [Fact]
    public async Task DueTime_IsEnteredInTheUsersZone_StoredInUtc_AndShownBackTheSame()
    {
        var (ws, _, client) = await UserInZoneAsync("Pacific/Auckland");
        using (client)
        {
            var response = await client.SubmitAsync("/tasks/new", new Dictionary<string, string> { ["Input.Title"] = "Midnight snack", ["Input.Due"] = "2026-11-27T00:15" });
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            var (_, page) = await client.GetAsync("/tasks");
            var row = page.QuerySelector("[data-testid=task-row]")!;
            var id = int.Parse(row.GetAttribute("data-task-id")!, System.Globalization.CultureInfo.InvariantCulture);

            var task = await TaskSeed.FindAsync(app, ws, id);
            Assert.Equal(new DateTime(2026, 11, 26, 11, 15, 0), task!.DueAt);
            Assert.Equal("Tomorrow, 00:15", row.QuerySelector("[data-testid=task-due]")!.TextContent.Trim());
            Assert.Equal("2026-11-26T11:15:00Z", row.QuerySelector("[data-testid=task-due] time")!.GetAttribute("datetime"));
            var (_, form) = await client.GetAsync($"/tasks/{id}/edit");
            Assert.Equal("2026-11-27T00:15", form.QuerySelector("input[name='Input.Due']")!.GetAttribute("value"));
        }
    }

    [Fact]
    public async Task TodayAndThisWeek_FollowTheUsersCalendar_NotUtcs()
    {
        var (ws, auckland, aucklandClient) = await UserInZoneAsync("Pacific/Auckland");
        var (_, _, utcClient) = await UserInZoneAsync("UTC", ws);
        var list = await TaskSeed.ListAsync(app, ws, auckland.Id, "Shared", shared: true);
        await TaskSeed.TaskAsync(app, ws, list, auckland.Id, "A: 23:45 in Auckland", dueAt: Utc.Date.AddHours(10).AddMinutes(45));
        await TaskSeed.TaskAsync(app, ws, list, auckland.Id, "B: 00:15 tomorrow in Auckland", dueAt: Utc.Date.AddHours(11).AddMinutes(15));
        await TaskSeed.TaskAsync(app, ws, list, auckland.Id, "C: 00:30 today in Auckland", dueAt: Utc.Date.AddDays(-1).AddHours(11).AddMinutes(30));
        // Sunday 29 November 23:30 and Monday 30 November 00:30 in Auckland; both Sunday in UTC.
        await TaskSeed.TaskAsync(app, ws, list, auckland.Id, "D: Sunday night", dueAt: new DateTime(2026, 11, 29, 10, 30, 0, DateTimeKind.Utc));
        await TaskSeed.TaskAsync(app, ws, list, auckland.Id, "E: Monday morning", dueAt: new DateTime(2026, 11, 29, 11, 30, 0, DateTimeKind.Utc));

        using (aucklandClient)
        using (utcClient)
        {
            Assert.Equal(["C: 00:30 today in Auckland", "A: 23:45 in Auckland"], await TaskSeed.TitlesAsync(aucklandClient, "/tasks?due=today"));
            Assert.Equal(["A: 23:45 in Auckland", "B: 00:15 tomorrow in Auckland"], await TaskSeed.TitlesAsync(utcClient, "/tasks?due=today"));

            Assert.Equal(["C: 00:30 today in Auckland", "A: 23:45 in Auckland", "B: 00:15 tomorrow in Auckland", "D: Sunday night"],
                await TaskSeed.TitlesAsync(aucklandClient, "/tasks?due=week"));
            Assert.Equal(["E: Monday morning"], await TaskSeed.TitlesAsync(aucklandClient, "/tasks?due=later"));
            Assert.Equal(["A: 23:45 in Auckland", "B: 00:15 tomorrow in Auckland", "D: Sunday night", "E: Monday morning"],
                await TaskSeed.TitlesAsync(utcClient, "/tasks?due=week"));

            // Overdue is "before now", the same instant everywhere.
            Assert.Equal(["C: 00:30 today in Auckland"], await TaskSeed.TitlesAsync(aucklandClient, "/tasks?due=overdue"));
            Assert.Equal(["C: 00:30 today in Auckland"], await TaskSeed.TitlesAsync(utcClient, "/tasks?due=overdue"));
        }
    }

    [Fact]
    public async Task Profile_SetsTheZone_AndRefusesOnesItDoesNotKnow()
    {
        var (ws, user, client) = await UserInZoneAsync("UTC");
        var list = await TaskSeed.ListAsync(app, ws, user.Id, "Mine");
        await TaskSeed.TaskAsync(app, ws, list, user.Id, "Early call", dueAt: Utc.Date.AddHours(14));
        using (client)
        {
            var bad = await client.SubmitAsync("/account/profile", new Dictionary<string, string> { ["Input.TimeZone"] = "Mars/Olympus_Mons" });
            Assert.Equal(System.Net.HttpStatusCode.OK, bad.StatusCode);
            Assert.Equal("Choose one of the listed time zones.", (await PageClient.ParseAsync(bad)).QuerySelector("[data-valmsg-for='Input.TimeZone']")!.TextContent.Trim());

            var saved = await client.SubmitAsync("/account/profile", new Dictionary<string, string> { ["Input.TimeZone"] = "America/New_York" });
            Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
            var (_, page) = await client.GetAsync("/tasks");
            Assert.Equal("Today, 09:00", page.QuerySelector("[data-testid=task-due]")!.TextContent.Trim());
            var (_, profile) = await client.GetAsync("/account/profile");
            Assert.Equal("America/New_York", profile.QuerySelector("select[name='Input.TimeZone'] option[selected]")!.GetAttribute("value"));
        }
    }

    [Theory]
    [InlineData("Europe/Oslo", "2027-03-28T02:30", "2027-03-28T01:00")] // skipped by the spring change: read as 03:00 CEST
    [InlineData("Europe/Oslo", "2027-10-31T02:30", "2027-10-31T00:30")] // happens twice in autumn: the first, CEST
    [InlineData("Europe/Oslo", "2027-01-15T12:00", "2027-01-15T11:00")]
    [InlineData("Pacific/Auckland", "2026-11-27T00:15", "2026-11-26T11:15")]
    [InlineData("UTC", "2026-11-27T00:15", "2026-11-27T00:15")]
    public void WallClockTimes_ConvertToUtc_AcrossDaylightSavingChanges(string zone, string local, string expectedUtc)
    {
        var http = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(CairnClaims.TimeZone, zone)], "test")) };
        var clock = new UserClock(TimeProvider.System, new HttpContextAccessor { HttpContext = http });
        var parsed = DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), clock.ToUtc(parsed));
    }
}
