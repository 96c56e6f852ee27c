namespace Cairn.Web.Platform.Admin;

/// <summary>
/// A change list's search, filters and order saved under a name by one person, to come back to
/// (<c>/admin/tasks/task/?q=…&amp;status=open&amp;o=-5</c> as "My open urgent work"). Private to its owner and
/// owned by the workspace.
/// </summary>
public sealed class AdminSavedView : ITenantOwned
{
    public const int MaxNameLength = 100;
    public const int MaxQueryLength = 1000;

    /// <summary>How many views one person keeps per change list.</summary>
    public const int MaxPerList = 50;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public Guid UserId { get; set; }
    public required string Module { get; set; }
    public required string Entity { get; set; }
    public required string Name { get; set; }

    /// <summary>The list's query string, without the page (<c>q=stone&amp;status=open</c>).</summary>
    public required string Query { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal static class AdminSavedViewModel
{
    public static void Configure(ModelBuilder builder) => builder.Entity<AdminSavedView>(view =>
    {
        view.ToTable("admin_saved_views");
        view.Property(v => v.Module).HasMaxLength(50);
        view.Property(v => v.Entity).HasMaxLength(50);
        view.Property(v => v.Name).HasMaxLength(AdminSavedView.MaxNameLength);
        view.Property(v => v.Query).HasMaxLength(AdminSavedView.MaxQueryLength);
        view.HasOne<CairnUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        view.HasOne<Tenant>().WithMany().HasForeignKey(v => v.TenantId).OnDelete(DeleteBehavior.Cascade);
        view.HasIndex(v => new { v.TenantId, v.UserId, v.Module, v.Entity, v.Name }).IsUnique();
    });
}
