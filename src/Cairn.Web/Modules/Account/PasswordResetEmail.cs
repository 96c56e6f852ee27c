using Cairn.Web.Platform.Email;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Modules.Account;

/// <summary>
/// "Forgot your password?" for <see cref="Email"/>. The job makes the reset token itself (Identity's, bound to
/// the account's security stamp: it works once, for a day), so no secret waits in the outbox. An address with no
/// account gets a note saying so, which keeps the page's work the same either way.
/// </summary>
public sealed record SendPasswordReset(string Email) : IJobPayload;

public sealed class PasswordResetEmailJob(UserManager<CairnUser> users, ITenantContext tenant, EmailComposer composer, IEmailSender sender)
    : IJobHandler<SendPasswordReset>
{
    public async Task RunAsync(SendPasswordReset payload, CancellationToken cancellationToken)
    {
        var workspace = tenant.Workspace();
        var user = await users.FindByEmailAsync(payload.Email);
        if (user is null)
        {
            var nobody = $"""
                Hello,

                someone asked to reset the password of the Cairn account with this address on {workspace.Name}, but no
                account uses it. To create one: {composer.Link(workspace.Slug, "/account/signup")}

                If it was not you, ignore this message.
                """;
            await sender.SendAsync(composer.Create(payload.Email, payload.Email, $"No account on {workspace.Name} uses this address", nobody), cancellationToken);
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var text = $"""
            Hello {user.DisplayName},

            to choose a new password for @{user.UserName}, open this link:

            {composer.Link(workspace.Slug, $"/account/reset?user={user.Id}&code={Uri.EscapeDataString(token)}")}

            It works once, for 24 hours. Your password stays as it is until you choose a new one; if you did not ask
            for this, ignore this message.
            """;
        await sender.SendAsync(composer.Create(user.DisplayName, user.Email!, $"Choose a new password for {workspace.Name}", text), cancellationToken);
    }
}
