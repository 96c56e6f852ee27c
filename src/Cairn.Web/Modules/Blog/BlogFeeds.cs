namespace Cairn.Web.Modules.Blog;

/// <summary>The Atom feed of published posts (<c>/blog/feed</c>) and the blog's part of <c>/sitemap.xml</c>.</summary>
public static class BlogFeeds
{
    public const int FeedSize = 20;

    public static IEndpointRouteBuilder MapBlogFeeds(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/blog/feed", WriteAtomAsync).WithName("Blog.Feed").ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> WriteAtomAsync(HttpContext context, BlogAccess access, CairnDbContext db, ITenantContext tenant, WorkspaceLinks links, CancellationToken cancellationToken)
    {
        if (!await access.CanReadAsync(cancellationToken))
            return Results.StatusCode(context.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized);

        var posts = await db.Posts.Published().NewestFirst().Take(FeedSize)
            .Select(p => new { p.Slug, p.Title, p.Description, p.BodyHtml, p.PublishedAt, p.UpdatedAt, p.Author!.DisplayName })
            .ToListAsync(cancellationToken);
        var origin = links.OriginOf(tenant.Current!.Slug);
        return await AtomFeed.AnswerAsync($"{tenant.Current!.Name} · Blog", origin + "/blog", origin + "/blog/feed",
            [.. posts.Select(p => new AtomEntry(p.Title, $"{origin}/blog/{p.Slug}", p.PublishedAt ?? p.UpdatedAt, p.UpdatedAt, p.DisplayName, p.Description, p.BodyHtml))]);
    }
}

/// <summary>Published posts in the sitemap, unless the blog is members-only.</summary>
public sealed class BlogSitemap(BlogAccess access, CairnDbContext db) : ISitemapSource
{
    public async Task<IReadOnlyList<SitemapEntry>> GetEntriesAsync(CancellationToken cancellationToken)
    {
        if (await access.MembersOnlyAsync(cancellationToken)) return [];
        var posts = await db.Posts.Published().NewestFirst()
            .Select(p => new SitemapEntry("/blog/" + p.Slug, p.UpdatedAt))
            .ToListAsync(cancellationToken);
        return [new SitemapEntry("/blog"), .. posts];
    }
}
