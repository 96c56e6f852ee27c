using System.Net;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Modules.Account;

namespace Cairn.Tests.Infrastructure;

/// <summary>The page's sign-up in its two steps: the form ("check your inbox"), then the mailed link's button.</summary>
public static class PageSignup
{
    /// <summary>The token of the newest sign-up link mailed to <paramref name="email"/>, from the job's payload.</summary>
    public static async Task<string?> SignupTokenAsync(this CairnApp app, string email) =>
        (await app.OutboxPayloadsAsync<SendSignupLink>()).FirstOrDefault(p => p.Email == email)?.Token;

    /// <summary>
    /// The first link to <paramref name="pathPrefix"/> in a message to <paramref name="address"/> that the jobs wrote
    /// to the data folder (no SMTP server configured), waiting up to 30 s for it.
    /// </summary>
    public static async Task<Uri> MailedLinkAsync(this CairnApp app, string address, string pathPrefix)
    {
        var folder = Path.Combine(app.DataDirectory, "mail");
        Uri? found = null;
        await Eventually.Until(() =>
        {
            var messages = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)) : [];
            found = messages.Where(m => m.To.Mailboxes.Any(b => b.Address == address))
                .Select(m => System.Text.RegularExpressions.Regex.Match(m.TextBody ?? "", $@"https?://\S+{System.Text.RegularExpressions.Regex.Escape(pathPrefix)}\S*"))
                .Where(link => link.Success).Select(link => new Uri(link.Value)).FirstOrDefault();
            return found is not null;
        }, $"a message to {address} with a link to {pathPrefix}");
        return found!;
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
