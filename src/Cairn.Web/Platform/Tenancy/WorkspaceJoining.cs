using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Who may join the current workspace, and how (docs/decisions/0004-join-policy.md): an account is not a
/// membership. Joining takes an invitation (an email's single-use link, or a shareable link an Owner or Admin
/// can revoke), unless the workspace is open, optionally only to some email domains.
/// </summary>
public sealed class WorkspaceJoining(CairnDbContext db, ITenantContext tenant, TimeProvider clock)
{
    public static readonly TimeSpan EmailInvitationLifetime = TimeSpan.FromDays(7);
    public const int MaxPendingInvitations = 200;

    /// <summary>The answer to "may this email join": the role it joins with and the invitation used, or why not.</summary>
    public sealed record Decision(WorkspaceRole? Role, Invitation? Invitation, string? Refusal)
    {
        public bool Allowed => Role is not null;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The valid invitation with this secret token in the current workspace, or null.</summary>
    public async Task<Invitation?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        var hash = Hash(token);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && invitation.AdmitsAt(Now) ? invitation : null;
    }

    /// <param name="emailConfirmed">Whether the address is proven its owner's: open joining limited to domains admits only proven ones.</param>
    public async Task<Decision> DecideAsync(string email, bool emailConfirmed, string? token, CancellationToken cancellationToken)
    {
        if (await FindAsync(token, cancellationToken) is { } invitation) return new(invitation.Role, invitation, null);
        var workspace = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenant.Current!.Id, cancellationToken);
        if (!string.IsNullOrWhiteSpace(token))
            return new(null, null, "This invitation is no longer valid: it was used, revoked or has expired. Ask for a new one.");
        if (!workspace.OpenJoining)
            return new(null, null, $"{workspace.Name} is invitation-only: ask one of its Owners or Admins for an invitation.");
        if (!DomainAllowed(workspace.JoinDomains, email))
            return new(null, null, $"{workspace.Name} is open only to addresses at {string.Join(", ", Domains(workspace.JoinDomains))}; for another address, ask for an invitation.");
        if (Domains(workspace.JoinDomains).Any() && !emailConfirmed)
            return new(null, null, $"{workspace.Name} is open to addresses at {string.Join(", ", Domains(workspace.JoinDomains))} once the address is confirmed: sign up on the web page, which mails you a link.");
        return new(WorkspaceRole.Member, null, null);
    }

    /// <summary>Records that <paramref name="userId"/> joined with <paramref name="invitation"/> (a single-use one is spent). Saved with the membership.</summary>
    public void Spend(Invitation invitation, Guid userId)
    {
        invitation.Uses++;
        if (invitation.IsLink) return;
        invitation.AcceptedAt = Now;
        invitation.AcceptedById = userId;
    }

    /// <summary>A new invitation; returns it with its secret token, which is not stored and must go into the link now.</summary>
    public async Task<(Invitation? Invitation, string? Token, string? Error)> CreateAsync(string? email, WorkspaceRole role, Guid createdBy, CancellationToken cancellationToken)
    {
        if (role == WorkspaceRole.Owner) return (null, null, "Invite as Admin, Member or Viewer; ownership is handed over, not invited.");
        if (email is not null)
        {
            email = email.Trim();
            if (email.Length > 254 || !MailAddress.TryCreate(email, out _)) return (null, null, "Enter a valid email address.");
        }
        var now = Now;
        if (await db.Invitations.CountAsync(i => i.RevokedAt == null && i.AcceptedAt == null && (i.ExpiresAt == null || i.ExpiresAt > now), cancellationToken) >= MaxPendingInvitations)
            return (null, null, $"This workspace has {MaxPendingInvitations} open invitations; revoke some first.");

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(Invitation.TokenBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var invitation = new Invitation
        {
            Email = email, Role = role, CreatedById = createdBy, CreatedAt = now, TokenHash = Hash(token),
            ExpiresAt = email is null ? null : now + EmailInvitationLifetime,
        };
        db.Invitations.Add(invitation);
        return (invitation, token, null);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static IEnumerable<string> Domains(string joinDomains) =>
        joinDomains.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => d.TrimStart('@').ToLowerInvariant());

    public static bool DomainAllowed(string joinDomains, string email)
    {
        var domains = Domains(joinDomains).ToList();
        if (domains.Count == 0) return true;
        var at = email.LastIndexOf('@');
        return at > 0 && domains.Contains(email[(at + 1)..].Trim().ToLowerInvariant());
    }
}
