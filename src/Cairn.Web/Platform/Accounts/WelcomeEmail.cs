using Cairn.Web.Platform.Email;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>Welcome a new member of the job's workspace by email (written in the sign-up's transaction).</summary>
public sealed record SendWelcomeEmail(Guid UserId) : IJobPayload;

public sealed class WelcomeEmailJob(UserManager<CairnUser> users, ITenantContext tenant, ModuleCatalog modules, EmailComposer composer, IEmailSender sender) : IJobHandler<SendWelcomeEmail>
{
    public async Task RunAsync(SendWelcomeEmail payload, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(payload.UserId.ToString());
        var workspace = tenant.Workspace();
        if (user?.Email is null) return; // gone since: nothing to say
        // Each module that is on here offers its links (Modules.cs lists the modules; this file names none).
        var links = string.Join("\n", modules.On(workspace.Slug).SelectMany(m => m.EmailLinks)
            .Select(l => $"{l.Label}: {composer.Link(workspace.Slug, l.Path)}"));
        var text = $"""
            Hello {user.DisplayName},

            your account on {workspace.Name} is ready. You signed up as @{user.UserName}.

            {links}
            Your profile (name, time zone, avatar): {composer.Link(workspace.Slug, "/account/profile")}

            If this was not you, ignore this message.
            """;
        await sender.SendAsync(composer.Create(user.DisplayName, user.Email, $"Welcome to {workspace.Name}", text), cancellationToken);
    }
}
