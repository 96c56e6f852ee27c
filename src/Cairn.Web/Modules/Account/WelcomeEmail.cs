using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Email;
using Cairn.Web.Platform.Jobs;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Modules.Account;

/// <summary>Welcome a new member of <see cref="Workspace"/> by email (written in the sign-up's transaction).</summary>
public sealed record SendWelcomeEmail(Guid UserId, string Workspace) : IJobPayload;

public sealed class WelcomeEmailJob(UserManager<CairnUser> users, TenantStore tenants, EmailComposer composer, IEmailSender sender) : IJobHandler<SendWelcomeEmail>
{
    public async Task RunAsync(SendWelcomeEmail payload, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(payload.UserId.ToString());
        var workspace = await tenants.FindAsync(payload.Workspace, cancellationToken);
        if (user?.Email is null || workspace is null) return; // gone since: nothing to say
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
