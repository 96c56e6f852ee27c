namespace Cairn.Web.Platform.Tenancy;

/// <summary>A workspace: the unit of isolation. Every tenant-owned row carries its <see cref="Id"/>.</summary>
public sealed class Tenant
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public List<Membership> Memberships { get; } = [];

    /// <summary>Whether anyone who signs up on the workspace's host joins it (as a Member) without an invitation.</summary>
    public bool OpenJoining { get; set; }

    /// <summary>With <see cref="OpenJoining"/>: the email domains that may join so, comma-separated; empty: any.</summary>
    public string JoinDomains { get; set; } = "";
}

/// <summary>
/// An invitation to join a workspace: sent to one email address (single use, expires), or a shareable link (any
/// number of uses until an Owner or Admin revokes it). Only the SHA-256 of its secret token is stored.
/// </summary>
public sealed class Invitation : ITenantOwned
{
    public const int TokenBytes = 24;

    public int Id { get; set; }
    public int TenantId { get; set; }

    /// <summary>The address it was sent to; null for a shareable link.</summary>
    public string? Email { get; set; }

    public required string TokenHash { get; set; }
    public WorkspaceRole Role { get; set; } = WorkspaceRole.Member;
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>After this (UTC) it no longer admits anyone; null: until revoked.</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime? AcceptedAt { get; set; }
    public Guid? AcceptedById { get; set; }
    public DateTime? RevokedAt { get; set; }
    public int Uses { get; set; }

    public bool IsLink => Email is null;

    public bool AdmitsAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now) && (IsLink || AcceptedAt is null);
}

/// <summary>Roles inside one workspace, from most to least privileged.</summary>
public enum WorkspaceRole
{
    Owner = 0,
    Admin = 1,
    Member = 2,
    Viewer = 3,
}

/// <summary>A user's role in one workspace.</summary>
public sealed class Membership : ITenantOwned, Events.IRaisesEvents
{
    private readonly Events.EventList _events = new();

    IReadOnlyList<Events.IDomainEvent> Events.IRaisesEvents.PendingEvents => _events.PendingEvents;

    void Events.IRaisesEvents.ClearEvents() => _events.ClearEvents();

    /// <summary>Says, with the commit that deletes this row, that its person is no longer a member (modules end what they gave them).</summary>
    public void Removed() => _events.Raise(new MemberRemoved(UserId));

    public int Id { get; set; }
    public int TenantId { get; set; }
    public Tenant? Tenant { get; set; }
    public Guid UserId { get; set; }
    public Accounts.CairnUser? User { get; set; }
    public WorkspaceRole Role { get; set; } = WorkspaceRole.Member;
    public DateTime JoinedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>Someone stopped being a member of the current workspace (removed, or left): raised after the commit.</summary>
public sealed record MemberRemoved(Guid UserId) : Events.IDomainEvent;

/// <summary>
/// Marker for rows that belong to one workspace. The DbContext stamps <see cref="TenantId"/> on insert,
/// refuses writes into another workspace, and filters every query to the current workspace.
/// </summary>
public interface ITenantOwned
{
    int TenantId { get; set; }
}

public static class WorkspaceRoleExtensions
{
    /// <summary>True when <paramref name="role"/> is at least as privileged as <paramref name="required"/>.</summary>
    public static bool AtLeast(this WorkspaceRole role, WorkspaceRole required) => role <= required;
}
