using Cairn.Web.Platform;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cairn.Web.Modules.Blog;

// Tables blog_*: one configuration per entity, found by CairnDbContext (see docs/modules.md, "Tables").

/// <summary>The <c>blog_posts</c> table and <c>blog_post_tags</c>.</summary>
internal sealed class PostConfiguration(DatabaseProvider provider) : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> post)
    {
        // The triggers that keep blog_tags.published_posts (TagCountTriggers); declared so EF Core writes around them.
        post.ToTable("blog_posts", table =>
        {
            foreach (var trigger in TagCountTriggers.OnPosts) table.HasTrigger(trigger);
        });
        post.Property(p => p.Slug).HasMaxLength(200);
        post.Property(p => p.Title).HasMaxLength(200);
        post.Property(p => p.Description).HasMaxLength(500);
        post.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        post.HasIndex(p => new { p.TenantId, p.Slug }).IsUnique();
        // Lists: newest published first, per workspace, by author and by category.
        post.HasIndex(p => new { p.TenantId, p.Status, p.PublishedAt });
        post.HasIndex(p => new { p.AuthorId, p.Status, p.PublishedAt });
        post.HasIndex(p => new { p.CategoryId, p.Status, p.PublishedAt });
        post.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Cascade);
        post.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("fk_blog_posts_category_category_id"); // names are history: kept as first migrated
        if (provider == DatabaseProvider.Postgres)
        {
            // Full-text search: a stored, weighted tsvector kept by PostgreSQL itself, with a GIN index.
            post.Property<NpgsqlTypes.NpgsqlTsVector>(PostSearch.VectorColumn)
                .HasComputedColumnSql(
                    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || " +
                    "setweight(to_tsvector('english', coalesce(description, '')), 'B') || " +
                    "setweight(to_tsvector('english', coalesce(body, '')), 'C')", stored: true);
            post.HasIndex(PostSearch.VectorColumn).HasMethod("GIN");
        }

        post.HasMany(p => p.Tags).WithMany(t => t.Posts).UsingEntity("blog_post_tags",
            right => right.HasOne(typeof(Tag)).WithMany().HasForeignKey("TagId").OnDelete(DeleteBehavior.Cascade),
            left => left.HasOne(typeof(Post)).WithMany().HasForeignKey("PostId").OnDelete(DeleteBehavior.Cascade),
            join =>
            {
                join.ToTable("blog_post_tags", table =>
                {
                    foreach (var trigger in TagCountTriggers.OnPostTags) table.HasTrigger(trigger);
                });
                join.HasKey("PostId", "TagId");
                join.HasIndex("TagId");
            });
    }
}

/// <summary>The <c>blog_categories</c> table.</summary>
internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> category)
    {
        category.ToTable("blog_categories");
        category.Property(c => c.Name).HasMaxLength(100);
        category.Property(c => c.Slug).HasMaxLength(100);
        category.Property(c => c.Description).HasMaxLength(500);
        category.HasIndex(c => new { c.TenantId, c.Slug }).IsUnique();
    }
}

/// <summary>The <c>blog_tags</c> table.</summary>
internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> tag)
    {
        tag.ToTable("blog_tags");
        tag.Property(t => t.Name).HasMaxLength(50);
        tag.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
        // Kept by the database (TagCountTriggers): EF Core reads it and never writes it.
        var publishedPosts = tag.Property(t => t.PublishedPosts).HasDefaultValue(0).ValueGeneratedOnAddOrUpdate().Metadata;
        publishedPosts.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        publishedPosts.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
    }
}

/// <summary>The <c>blog_comments</c> table.</summary>
internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> comment)
    {
        comment.ToTable("blog_comments");
        comment.Property(c => c.Body).HasMaxLength(5000);
        comment.HasIndex(c => new { c.PostId, c.CreatedAt });
        comment.HasOne(c => c.Post).WithMany(p => p.Comments).HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_blog_comments_blog_posts_post_id");
        comment.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The <c>blog_favorites</c> table.</summary>
internal sealed class FavoriteConfiguration : IEntityTypeConfiguration<Favorite>
{
    public void Configure(EntityTypeBuilder<Favorite> favorite)
    {
        favorite.ToTable("blog_favorites");
        favorite.HasKey(f => new { f.PostId, f.UserId });
        favorite.HasIndex(f => new { f.UserId, f.PostId });
        favorite.HasOne<Post>().WithMany(p => p.Favorites).HasForeignKey(f => f.PostId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_blog_favorites_blog_posts_post_id");
        favorite.HasOne<CairnUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The <c>blog_settings</c> table.</summary>
internal sealed class BlogSettingsConfiguration : IEntityTypeConfiguration<BlogSettings>
{
    public void Configure(EntityTypeBuilder<BlogSettings> settings)
    {
        settings.ToTable("blog_settings");
        settings.HasKey(s => s.TenantId);
        settings.Property(s => s.TenantId).ValueGeneratedNever();
        settings.HasOne<Cairn.Web.Platform.Tenancy.Tenant>().WithOne().HasForeignKey<BlogSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The <c>blog_follows</c> table.</summary>
internal sealed class FollowConfiguration : IEntityTypeConfiguration<Follow>
{
    public void Configure(EntityTypeBuilder<Follow> follow)
    {
        follow.ToTable("blog_follows");
        follow.HasKey(f => new { f.TenantId, f.FollowerId, f.FolloweeId });
        follow.HasIndex(f => new { f.TenantId, f.FolloweeId });
        follow.HasOne<CairnUser>().WithMany().HasForeignKey(f => f.FollowerId).OnDelete(DeleteBehavior.Cascade);
        follow.HasOne<CairnUser>().WithMany().HasForeignKey(f => f.FolloweeId).OnDelete(DeleteBehavior.NoAction);
    }
}
