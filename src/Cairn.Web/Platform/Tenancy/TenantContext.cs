namespace Cairn.Web.Platform.Tenancy;

/// <summary>What the current unit of work (a request, a command, a job) knows about its workspace.</summary>
public sealed record TenantInfo(int Id, string Slug, string Name);

/// <summary>The workspace of the current scope; null outside any workspace (then tenant-owned queries see no rows).</summary>
public interface ITenantContext
{
    TenantInfo? Current { get; }
}

public static class TenantContextExtensions
{
    /// <summary>The workspace of this unit of work, which it must have (a job's, a page's, a hub call's).</summary>
    public static TenantInfo Workspace(this ITenantContext tenant) => tenant.Current ?? throw new NoWorkspaceException();
}

/// <summary>Scoped holder set by the tenancy middleware, or by a command or job for its unit of work.</summary>
public sealed class TenantContext : ITenantContext
{
    public TenantInfo? Current { get; private set; }

    public void Set(TenantInfo tenant) => Current = tenant;
}
