using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cairn.Web.Modules.Recipes;

/// <summary>One member following another's recipes, inside one workspace.</summary>
public sealed class RecipeFollow : ITenantOwned
{
    public int TenantId { get; set; }
    public Guid FollowerId { get; set; }
    public Guid FolloweeId { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>How a member hears of new recipes by the people they follow.</summary>
public enum NewRecipeEmails
{
    /// <summary>An email per recipe, as it is shared.</summary>
    Immediately = 0,

    /// <summary>One email a day with the day's recipes.</summary>
    DailyDigest = 1,

    None = 2,
}

/// <summary>A member's recipe settings in a workspace; a member without a row has the defaults.</summary>
public sealed class RecipeMemberSettings : ITenantOwned
{
    public int TenantId { get; set; }
    public Guid UserId { get; set; }
    public NewRecipeEmails NewRecipes { get; set; } = NewRecipeEmails.Immediately;

    /// <summary>Email on comments and ratings of their recipes.</summary>
    public bool ActivityEmails { get; set; } = true;

    /// <summary>Their favourites show on their profile page.</summary>
    public bool ShareFavourites { get; set; }

    /// <summary>Until when the daily digest has covered (claimed before sending, so that two runs never both send).</summary>
    public DateTime? DigestUntil { get; set; }
}

/// <summary>The <c>recipes_follows</c> table.</summary>
internal sealed class RecipeFollowConfiguration : IEntityTypeConfiguration<RecipeFollow>
{
    public void Configure(EntityTypeBuilder<RecipeFollow> follow)
    {
        follow.ToTable("recipes_follows");
        follow.HasKey(f => new { f.TenantId, f.FollowerId, f.FolloweeId });
        follow.HasOne<CairnUser>().WithMany().HasForeignKey(f => f.FollowerId).OnDelete(DeleteBehavior.Cascade);
        follow.HasOne<CairnUser>().WithMany().HasForeignKey(f => f.FolloweeId).OnDelete(DeleteBehavior.Cascade);
        follow.HasIndex(f => new { f.TenantId, f.FolloweeId });
    }
}

/// <summary>The <c>recipes_member_settings</c> table.</summary>
internal sealed class RecipeMemberSettingsConfiguration : IEntityTypeConfiguration<RecipeMemberSettings>
{
    public void Configure(EntityTypeBuilder<RecipeMemberSettings> settings)
    {
        settings.ToTable("recipes_member_settings");
        settings.HasKey(s => new { s.TenantId, s.UserId });
        settings.HasOne<CairnUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
