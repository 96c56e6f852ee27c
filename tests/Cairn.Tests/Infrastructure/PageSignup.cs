using System.Net;
using System.Text.Json;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Modules.Account;
using Cairn.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Infrastructure;

/// <summary>The page's sign-up in its two steps: the form ("check your inbox"), then the mailed link's button.</summary>
public static class PageSignup
{
    /// <summary>The token of the newest sign-up link mailed to <paramref name="email"/>, from the job's payload.</summary>
    public static async Task<string?> SignupTokenAsync(this CairnApp app, string email)
    {
        var (scope, db) = await app.DbForAsync(null);
        await using (scope)
        {
            var kind = typeof(SendSignupLink).FullName!;
            var payloads = await db.Set<OutboxMessage>().Where(m => m.Kind == kind).OrderByDescending(m => m.CreatedAt).Select(m => m.Payload).ToListAsync();
            return payloads.Select(p => JsonSerializer.Deserialize<SendSignupLink>(p, JsonSerializerOptions.Web)!).FirstOrDefault(p => p.Email == email)?.Token;
        }
    }

    /// <summary>
    /// Runs every unfinished outbox message of kind <typeparamref name="T"/> as the job server would (the suite runs
    /// no job worker): through <see cref="OutboxRunner"/>, which sets the message's workspace, in a scope of its own.
    /// </summary>
    public static async Task RunOutboxAsync<T>(this CairnApp app) where T : IJobPayload
    {
        List<Guid> ids;
        var (scope, db) = await app.DbForAsync(null);
        await using (scope)
        {
            ids = await db.Set<OutboxMessage>().Where(m => m.Kind == typeof(T).FullName && m.CompletedAt == null).Select(m => m.Id).ToListAsync();
        }
        foreach (var id in ids)
        {
            await using var jobScope = app.Scope();
            await jobScope.ServiceProvider.GetRequiredService<OutboxRunner>().RunAsync(id, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// The first link to <paramref name="pathPrefix"/> in a message to <paramref name="address"/> that the jobs wrote
    /// to the data folder (no SMTP server configured), waiting up to 30 s for it.
    /// </summary>
    public static async Task<Uri> MailedLinkAsync(this CairnApp app, string address, string pathPrefix)
    {
        var folder = Path.Combine(app.DataDirectory, "mail");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            var messages = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)) : [];
            foreach (var message in messages.Where(m => m.To.Mailboxes.Any(b => b.Address == address)))
            {
                var link = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", $@"https?://\S+{System.Text.RegularExpressions.Regex.Escape(pathPrefix)}\S*");
                if (link.Success) return new Uri(link.Value);
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no message to {address} with a link to {pathPrefix} within 30 s");
    }

    /// <summary>
    /// Submits the sign-up form at <paramref name="path"/>, checks that it answers "check your inbox", then opens
    /// the link mailed to the form's email and presses its button. Returns that last answer.
    /// </summary>
    public static async Task<HttpResponseMessage> SignUpThroughPageAsync(this CairnApp app, PageClient client, IDictionary<string, string> form,
        string path = "/account/signup")
    {
        var requested = await client.SubmitAsync(path, form);
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        Assert.Equal("/account/check-email", requested.Headers.Location!.OriginalString);
        var token = await app.SignupTokenAsync(form["Input.Email"]) ?? throw new InvalidOperationException($"no sign-up link for {form["Input.Email"]}");
        return await client.SubmitAsync($"/account/confirm?token={Uri.EscapeDataString(token)}", new Dictionary<string, string>());
    }
}
