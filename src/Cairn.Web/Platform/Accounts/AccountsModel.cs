using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

internal static class AccountsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<CairnUser>(user =>
        {
            user.ToTable("accounts_users");
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.Bio).HasMaxLength(2000);
            user.Property(u => u.AvatarFile).HasMaxLength(100);
            user.Property(u => u.TimeZone).HasMaxLength(64).HasDefaultValue(TimeZones.Default);
        });
        RefreshTokenModel.Configure(model);
        model.Entity<EndedSession>(session =>
        {
            session.ToTable("accounts_ended_sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Id).HasMaxLength(32);
            session.HasIndex(s => s.ExpiresAt);
        });
        model.Entity<SignInFailure>(failure =>
        {
            failure.ToTable("accounts_sign_in_failures");
            failure.Property(f => f.EmailKey).HasMaxLength(64);
            failure.Property(f => f.Address).HasMaxLength(45);
            failure.HasIndex(f => new { f.EmailKey, f.Address }).IsUnique();
            failure.HasIndex(f => f.LastFailedAt);
        });
        Jobs.OutboxModel.Configure(model);
        model.Entity<IdentityRole<Guid>>().ToTable("accounts_roles");
        model.Entity<IdentityUserRole<Guid>>().ToTable("accounts_user_roles");
        model.Entity<IdentityUserClaim<Guid>>().ToTable("accounts_user_claims");
        model.Entity<IdentityUserLogin<Guid>>().ToTable("accounts_user_logins");
        model.Entity<IdentityUserToken<Guid>>().ToTable("accounts_user_tokens");
        model.Entity<IdentityRoleClaim<Guid>>().ToTable("accounts_role_claims");
    }
}
