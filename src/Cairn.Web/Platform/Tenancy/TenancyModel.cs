namespace Cairn.Web.Platform.Tenancy;

internal static class TenancyModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Tenant>(tenant =>
        {
            tenant.ToTable("tenancy_tenants");
            tenant.Property(t => t.Slug).HasMaxLength(WorkspaceSlug.MaxLength);
            tenant.Property(t => t.Name).HasMaxLength(100);
            tenant.HasIndex(t => t.Slug).IsUnique();
            tenant.Property(t => t.JoinDomains).HasMaxLength(500);
        });

        model.Entity<Invitation>(invitation =>
        {
            invitation.ToTable("tenancy_invitations");
            invitation.Property(i => i.Email).HasMaxLength(254);
            invitation.Property(i => i.TokenHash).HasMaxLength(64);
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.HasIndex(i => i.TenantId);
            invitation.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
            invitation.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Membership>(membership =>
        {
            membership.ToTable("tenancy_memberships");
            membership.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            membership.HasIndex(m => new { m.TenantId, m.UserId }).IsUnique();
            membership.HasIndex(m => m.UserId);
            membership.HasOne(m => m.Tenant).WithMany(t => t.Memberships).HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
