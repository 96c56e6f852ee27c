namespace Cairn.Web.Platform.Tenancy;

/// <summary>A workspace: the unit of isolation. Every tenant-owned row carries its <see cref="Id"/>.</summary>
public sealed class Tenant
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public List<Membership> Memberships { get; } = [];
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
public sealed class Membership : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public Tenant? Tenant { get; set; }
    public Guid UserId { get; set; }
    public Accounts.CairnUser? User { get; set; }
    public WorkspaceRole Role { get; set; } = WorkspaceRole.Member;
    public DateTime JoinedAt { get; set; } = DateTime.UtcNow;
}

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
