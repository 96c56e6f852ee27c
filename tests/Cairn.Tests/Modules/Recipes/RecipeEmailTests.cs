using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Platform;
using Cairn.Web.Modules.Recipes;
using Cairn.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>
/// The recipe emails through the outbox and a real SMTP server on loopback: followers hear of a shared recipe (at
/// once, in a daily digest, or not at all, as each chose), authors of comments and first ratings.
/// </summary>
public sealed class RecipeEmailTests : IAsyncLifetime
{
    private SmtpServer _smtp = null!;
    private CairnApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync();
        _app = new CairnApp(JobsAndEmailTests.Settings(_smtp));
        await _app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task<PageClient> ClientAsync(string ws, TestUser user)
    {
        var client = _app.Browser(ws);
        await client.LogInAsync(user);
        return client;
    }

    private async Task SettingsAsync(PageClient client, string newRecipes, bool activity = true) =>
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/recipes/settings", new Dictionary<string, string>
        {
            ["NewRecipes"] = newRecipes, ["ActivityEmails"] = activity ? "true" : "false",
        })).StatusCode);

    /// <summary>Waits until every outbox message has run: what was to be sent is in the mailbox then.</summary>
    private async Task OutboxDrainedAsync()
    {
        await Eventually.Until(async () =>
        {
            var (scope, db) = await _app.DbForAsync(null);
            await using (scope) return !await db.Set<OutboxMessage>().AnyAsync(m => m.CompletedAt == null);
        }, "every outbox message run");
    }

    [Fact]
    public async Task ASharedRecipe_ReachesFollowersWhoWantItAtOnce_AndOnlyOnce()
    {
        var author = await _app.CreateUserAsync(workspace: null);
        var ws = await _app.CreateWorkspaceAsync(author.Id, prefix: "rcp-mail");
        var eager = await _app.CreateUserAsync(ws);
        var quiet = await _app.CreateUserAsync(ws);
        var bystander = await _app.CreateUserAsync(ws);
        using var authorClient = await ClientAsync(ws, author);
        foreach (var follower in new[] { eager, quiet })
        {
            using var client = await ClientAsync(ws, follower);
            Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync($"/recipes/people/{author.UserName}", new Dictionary<string, string>(), "form[data-testid=follow-form]")).StatusCode);
            if (follower == quiet) await SettingsAsync(client, "None");
        }

        // A private draft tells nobody; sharing it later does, once; saving it again does not.
        await PostFormAsync(authorClient, "/recipes/new", [Field("Input.Title", "Plum crumble"), Field("Input.Summary", "Tart plums, oat crumble."), Field("Input.Visibility", "Private")]);
        await OutboxDrainedAsync();
        Assert.Empty(_smtp.Messages());
        await PostFormAsync(authorClient, "/recipes/plum-crumble/edit", [Field("Input.Visibility", "Members")]);
        var message = await _smtp.WaitForAsync(eager.Email, $"New recipe by {author.DisplayName}: Plum crumble");
        Assert.Contains("Tart plums, oat crumble.", message.TextBody);
        Assert.Contains($"http://{ws}.localhost:5000/recipes/plum-crumble", message.TextBody);
        await PostFormAsync(authorClient, "/recipes/plum-crumble/edit", [Field("Input.Summary", "Tart plums, oat crumble, custard.")]);
        await OutboxDrainedAsync();
        Assert.Single(_smtp.Messages());

        // A new recipe shared at once, by its form.
        await PostFormAsync(authorClient, "/recipes/new", [Field("Input.Title", "Pear tart")]);
        await _smtp.WaitForAsync(eager.Email, $"New recipe by {author.DisplayName}: Pear tart");
        await OutboxDrainedAsync();
        var messages = _smtp.Messages();
        Assert.Equal(2, messages.Count);
        Assert.DoesNotContain(messages, m => m.To.Mailboxes.Any(b => b.Address == quiet.Email || b.Address == bystander.Email || b.Address == author.Email));
    }

    [Fact]
    public async Task CommentsAndFirstRatings_TellTheAuthor_UnlessTheyAreTheirOwnOrTurnedOff()
    {
        var author = await _app.CreateUserAsync(workspace: null);
        var ws = await _app.CreateWorkspaceAsync(author.Id, prefix: "rcp-act");
        var cook = await _app.CreateUserAsync(ws);
        await CreateAsync(_app, ws, author.Id, Input("Fish pie"));
        using var authorClient = await ClientAsync(ws, author);
        using var cookClient = await ClientAsync(ws, cook);

        await cookClient.SubmitAsync("/recipes/fish-pie", new Dictionary<string, string> { ["CommentBody"] = "Made it twice. Add dill!" }, "form[data-testid=comment-form]");
        var comment = await _smtp.WaitForAsync(author.Email, "New comment on \"Fish pie\"");
        Assert.Contains($"{cook.DisplayName} commented on your recipe \"Fish pie\"", comment.TextBody);
        Assert.Contains("Made it twice. Add dill!", comment.TextBody);
        await cookClient.SubmitAsync("/recipes/fish-pie", new Dictionary<string, string> { ["stars"] = "4" }, "form[data-testid=rate-form]");
        await _smtp.WaitForAsync(author.Email, $"{cook.DisplayName} rated \"Fish pie\" 4 out of 5");
        // Changing a rating, the author's own comment: no email.
        await cookClient.SubmitAsync("/recipes/fish-pie", new Dictionary<string, string> { ["stars"] = "5" }, "form[data-testid=rate-form]");
        await authorClient.SubmitAsync("/recipes/fish-pie", new Dictionary<string, string> { ["CommentBody"] = "Thank you!" }, "form[data-testid=comment-form]");
        await SettingsAsync(authorClient, "Immediately", activity: false);
        await cookClient.SubmitAsync("/recipes/fish-pie", new Dictionary<string, string> { ["CommentBody"] = "Again!" }, "form[data-testid=comment-form]");
        await OutboxDrainedAsync();
        Assert.Equal(2, _smtp.Messages().Count);
    }

    [Fact]
    public async Task TheDailyDigest_ListsTheDaysRecipesTheReaderMaySee_OnceEvenWhenTwoRunsMeet()
    {
        var author = await _app.CreateUserAsync(workspace: null);
        var ws = await _app.CreateWorkspaceAsync(author.Id, prefix: "rcp-digest");
        var reader = await _app.CreateUserAsync(ws);
        using (var client = await ClientAsync(ws, reader))
        {
            await client.SubmitAsync($"/recipes/people/{author.UserName}", new Dictionary<string, string>(), "form[data-testid=follow-form]");
            await SettingsAsync(client, "DailyDigest");
        }

        await CreateAsync(_app, ws, author.Id, Input("Leek soup"));
        await CreateAsync(_app, ws, author.Id, Input("Onion tart", visibility: RecipeVisibility.Public));
        await CreateAsync(_app, ws, author.Id, Input("Secret stock", visibility: RecipeVisibility.Private));
        await OutboxDrainedAsync();
        Assert.Empty(_smtp.Messages()); // a digest reader gets no email per recipe

        async Task RunDigestAsync()
        {
            await using var scope = _app.Scope();
            await scope.ServiceProvider.GetRequiredService<RecipeDigest>().RunAsync(CancellationToken.None);
        }

        await Task.WhenAll(RunDigestAsync(), RunDigestAsync());
        var digest = await _smtp.WaitForAsync(reader.Email, "2 new recipes in");
        Assert.Contains("Leek soup", digest.TextBody);
        Assert.Contains("Onion tart", digest.TextBody);
        Assert.DoesNotContain("Secret stock", digest.TextBody);
        await RunDigestAsync();
        Assert.Single(_smtp.Messages());
    }
}
