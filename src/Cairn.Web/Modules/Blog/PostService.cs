using Cairn.Web.Platform.Web;
using Cairn.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Web.Modules.Blog;

/// <summary>What every writer of posts needs, pages and API alike: unique slugs, tags, rendered bodies.</summary>
public sealed class PostService(CairnDbContext db, MarkdownRenderer markdown)
{
    public const int MaxTags = 10;
    public const int MaxTagLength = 50;

    /// <summary>A slug for <paramref name="wanted"/> not used by another post of this workspace.</summary>
    public async Task<string> UniqueSlugAsync(string wanted, int? exceptPostId, CancellationToken cancellationToken)
    {
        // Addresses the blog's own pages use (/blog/new, /blog/feed…) are never a post's.
        if (PostForm.ReservedSlugs.Contains(wanted)) wanted += "-post";
        var prefix = wanted + "-";
        var taken = await db.Posts
            .Where(p => (p.Slug == wanted || p.Slug.StartsWith(prefix)) && p.Id != exceptPostId)
            .Select(p => p.Slug)
            .ToListAsync(cancellationToken);
        return Slugs.Unique(wanted, taken);
    }

    /// <summary>Cleans tag names: trimmed, without duplicates (ignoring case), at most <see cref="MaxTags"/>.</summary>
    public static List<string> CleanTags(IEnumerable<string>? names) =>
        (names ?? [])
            .Where(n => n is not null)
            .Select(n => n.Trim())
            .Where(n => n.Length > 0)
            .Select(n => n.Length > MaxTagLength ? n[..MaxTagLength] : n)
            .DistinctBy(n => n.ToLowerInvariant())
            .Take(MaxTags)
            .ToList();

    /// <summary>Replaces the tags of a tracked post (with its tags loaded), creating tags that do not exist yet.</summary>
    public async Task SetTagsAsync(Post post, IEnumerable<string>? names, CancellationToken cancellationToken)
    {
        var wanted = CleanTags(names);
        var existing = await db.Tags.Where(t => wanted.Contains(t.Name)).ToListAsync(cancellationToken);
        post.Tags.Clear();
        foreach (var name in wanted)
            post.Tags.Add(existing.FirstOrDefault(t => t.Name == name) ?? new Tag { Name = name });
    }

    /// <summary>Renders the post's body into <see cref="Post.BodyHtml"/>; returns why it cannot (too long or too costly to format), or null.</summary>
    public string? Render(Post post, CancellationToken cancellationToken)
    {
        var result = markdown.Render(post.Body, cancellationToken);
        if (result.Problem is null) post.BodyHtml = result.Html;
        return result.Problem;
    }
}
