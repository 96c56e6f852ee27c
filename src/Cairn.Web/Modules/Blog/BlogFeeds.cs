using System.Text;
using System.Xml;

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
        var updated = posts.Count == 0 ? DateTime.UtcNow : posts.Max(p => p.UpdatedAt);

        var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true }))
        {
            await writer.WriteStartDocumentAsync();
            writer.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            writer.WriteElementString("title", $"{tenant.Current!.Name} · Blog");
            writer.WriteElementString("id", origin + "/blog");
            writer.WriteElementString("updated", Atom(updated));
            Link(writer, origin + "/blog", "alternate");
            Link(writer, origin + "/blog/feed", "self");
            foreach (var post in posts)
            {
                writer.WriteStartElement("entry");
                writer.WriteElementString("title", post.Title);
                writer.WriteElementString("id", $"{origin}/blog/{post.Slug}");
                Link(writer, $"{origin}/blog/{post.Slug}", "alternate");
                writer.WriteElementString("published", Atom(post.PublishedAt ?? post.UpdatedAt));
                writer.WriteElementString("updated", Atom(post.UpdatedAt));
                writer.WriteStartElement("author");
                writer.WriteElementString("name", post.DisplayName);
                writer.WriteEndElement();
                if (post.Description.Length > 0) writer.WriteElementString("summary", post.Description);
                writer.WriteStartElement("content");
                writer.WriteAttributeString("type", "html");
                writer.WriteString(post.BodyHtml);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            await writer.WriteEndDocumentAsync();
        }

        return Results.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static void Link(XmlWriter writer, string href, string rel)
    {
        writer.WriteStartElement("link");
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static string Atom(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
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
