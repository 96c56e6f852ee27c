using Cairn.Web.Platform.Email;

namespace Cairn.Web.Modules.Workspaces;

/// <summary>
/// Send an email invitation's link. The secret token travels in the payload only until the message is sent (the
/// invitation itself stores its hash), so the link can be built in the background job.
/// </summary>
public sealed record SendInvitationEmail(string Token, string InvitedBy) : IJobPayload;

public sealed class InvitationEmailJob(CairnDbContext db, ITenantContext tenant, EmailComposer composer, IEmailSender sender, TimeProvider clock)
    : IJobHandler<SendInvitationEmail>
{
    public async Task RunAsync(SendInvitationEmail payload, CancellationToken cancellationToken)
    {
        var workspace = tenant.Workspace(); // the invitation's, set by the job runner
        var hash = WorkspaceJoining.Hash(payload.Token);
        var invitation = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        // Revoked, used or expired before the job ran: nothing to send.
        if (invitation?.Email is null || !invitation.AdmitsAt(clock.GetUtcNow().UtcDateTime)) return;
        var text = $"""
            Hello,

            {payload.InvitedBy} invites you to join {workspace.Name} on Cairn as {invitation.Role}.

            Accept the invitation: {composer.Link(workspace.Slug, $"/join/{payload.Token}")}

            The link works once, until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC. If you did not expect it, ignore this message.
            """;
        await sender.SendAsync(composer.Create(invitation.Email, invitation.Email, $"Join {workspace.Name} on Cairn", text), cancellationToken);
    }
}
