using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Email;
using Cairn.Web.Platform.Jobs;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Modules.Account;

/// <summary>Welcome a new member of the job's workspace by email (written in the sign-up's transaction).</summary>
public sealed record SendWelcomeEmail(Guid UserId) : IJobPayload;

public sealed class WelcomeEmailJob(UserManager<CairnUser> users, ITenantContext tenant, EmailComposer composer, IEmailSender sender) : IJobHandler<SendWelcomeEmail>
{
    public async Task RunAsync(SendWelcomeEmail payload, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(payload.UserId.ToString());
        var workspace = tenant.Workspace();
        if (user?.Email is null) return; // gone since: nothing to say
        var text = $"""
            Hello {user.DisplayName},

            your account on {workspace.Name} is ready. You signed up as @{user.UserName}.

            Your tasks:  {composer.Link(workspace.Slug, "/tasks")}
            The blog:    {composer.Link(workspace.Slug, "/blog")}
            Your profile (name, time zone, avatar): {composer.Link(workspace.Slug, "/account/profile")}

            If this was not you, ignore this message.
            """;
        await sender.SendAsync(composer.Create(user.DisplayName, user.Email, $"Welcome to {workspace.Name}", text), cancellationToken);
    }
}
