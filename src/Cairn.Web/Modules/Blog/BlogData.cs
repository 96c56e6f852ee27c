namespace Cairn.Web.Modules.Blog;

/// <summary>The blog's tables on the one DbContext, declared by the module rather than by the platform.</summary>
public static class BlogData
{
    extension(CairnDbContext db)
    {
        public DbSet<Post> Posts => db.Set<Post>();
        public DbSet<Category> Categories => db.Set<Category>();
        public DbSet<Tag> Tags => db.Set<Tag>();
        public DbSet<Comment> Comments => db.Set<Comment>();
        public DbSet<Favorite> Favorites => db.Set<Favorite>();
        public DbSet<Follow> Follows => db.Set<Follow>();
        public DbSet<BlogSettings> BlogSettings => db.Set<BlogSettings>();
    }

    /// <summary>Posts anyone may read: published ones (Django's <c>Post.objects.published()</c>).</summary>
    public static IQueryable<Post> Published(this IQueryable<Post> posts) => posts.Where(p => p.Status == PostStatus.Published);

    /// <summary>Posts with the tag, however the address spells it (<see cref="TagNames.Normalize"/>).</summary>
    public static IQueryable<Post> Tagged(this IQueryable<Post> posts, string tag)
    {
        var name = TagNames.Normalize(tag);
        return posts.Where(p => p.Tags.Any(t => t.Name == name));
    }

    public static IQueryable<Post> NewestFirst(this IQueryable<Post> posts) =>
        posts.OrderByDescending(p => p.PublishedAt ?? p.CreatedAt).ThenByDescending(p => p.Id);
}
