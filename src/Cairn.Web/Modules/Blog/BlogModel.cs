using Cairn.Web.Platform;

namespace Cairn.Web.Modules.Blog;

/// <summary>Tables <c>blog_*</c>.</summary>
internal sealed class BlogModel : IModuleModel
{
    public void Configure(ModelBuilder model, DatabaseProvider provider)
    {
        model.Entity<Post>(post =>
        {
            post.ToTable("blog_posts");
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
            post.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.SetNull);
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
                    join.HasKey("PostId", "TagId");
                    join.HasIndex("TagId");
                });
        });

        model.Entity<Category>(category =>
        {
            category.ToTable("blog_categories");
            category.Property(c => c.Name).HasMaxLength(100);
            category.Property(c => c.Slug).HasMaxLength(100);
            category.Property(c => c.Description).HasMaxLength(500);
            category.HasIndex(c => new { c.TenantId, c.Slug }).IsUnique();
        });

        model.Entity<Tag>(tag =>
        {
            tag.ToTable("blog_tags");
            tag.Property(t => t.Name).HasMaxLength(50);
            tag.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
        });

        model.Entity<Comment>(comment =>
        {
            comment.ToTable("blog_comments");
            comment.Property(c => c.Body).HasMaxLength(5000);
            comment.HasIndex(c => new { c.PostId, c.CreatedAt });
            comment.HasOne(c => c.Post).WithMany(p => p.Comments).HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Cascade);
            comment.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Favorite>(favorite =>
        {
            favorite.ToTable("blog_favorites");
            favorite.HasKey(f => new { f.PostId, f.UserId });
            favorite.HasIndex(f => new { f.UserId, f.PostId });
            favorite.HasOne<Post>().WithMany(p => p.Favorites).HasForeignKey(f => f.PostId).OnDelete(DeleteBehavior.Cascade);
            favorite.HasOne<CairnUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<BlogSettings>(settings =>
        {
            settings.ToTable("blog_settings");
            settings.HasKey(s => s.TenantId);
            settings.Property(s => s.TenantId).ValueGeneratedNever();
            settings.HasOne<Cairn.Web.Platform.Tenancy.Tenant>().WithOne().HasForeignKey<BlogSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Follow>(follow =>
        {
            follow.ToTable("blog_follows");
            follow.HasKey(f => new { f.TenantId, f.FollowerId, f.FolloweeId });
            follow.HasIndex(f => new { f.TenantId, f.FolloweeId });
            follow.HasOne<CairnUser>().WithMany().HasForeignKey(f => f.FollowerId).OnDelete(DeleteBehavior.Cascade);
            follow.HasOne<CairnUser>().WithMany().HasForeignKey(f => f.FolloweeId).OnDelete(DeleteBehavior.NoAction);
        });
    }
}
