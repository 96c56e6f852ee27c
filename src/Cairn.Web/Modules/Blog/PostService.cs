namespace Cairn.Web.Modules.Blog;

/// <summary>What every writer of posts needs, pages and API alike: unique slugs, tags, rendered bodies.</summary>
public sealed class PostService(CairnDbContext db, MarkdownRenderer markdown)
{
    // The slug each post of this unit of work asked for, so that a save that lost a race for it takes the next free one.
    private readonly Dictionary<Post, string> _wantedSlugs = [];

    /// <summary>Gives <paramref name="post"/> the first free slug for <paramref name="wanted"/>, and the next free one should another post take it before the save.</summary>
    public async Task AssignSlugAsync(Post post, string wanted, CancellationToken cancellationToken)
    {
        post.Slug = await UniqueSlugAsync(wanted, post.Id == 0 ? null : post.Id, cancellationToken);
        _wantedSlugs[post] = wanted;
    }

    /// <summary>
    /// Saves the unit of work. Lost races are mended: a tag another request created meanwhile is used instead of
    /// a second one, and a slug it took is followed by the next free one. Returns null when saved, or why not (an
    /// address chosen by hand that another post now has).
    /// </summary>
    public async Task<string?> SaveAsync(CancellationToken cancellationToken)
    {
        var saved = await db.SaveChangesMendingAsync(async token =>
        {
            var adopted = await db.AdoptStoredAsync<Tag>(
                (added, t) => db.Tags.FirstOrDefaultAsync(s => s.Name == added.Name, t),
                (added, stored) =>
                {
                    foreach (var post in db.ChangeTracker.Entries<Post>().Select(e => e.Entity).Where(p => p.Tags.Remove(added)))
                        post.Tags.Add(stored);
                }, token);
            var moved = false;
            foreach (var (post, wanted) in _wantedSlugs)
            {
                var free = await UniqueSlugAsync(wanted, post.Id == 0 ? null : post.Id, token);
                moved |= free != post.Slug;
                post.Slug = free;
            }
            return adopted > 0 || moved;
        }, cancellationToken);
        if (saved) return null;
        var slugs = db.ChangeTracker.Entries<Post>().Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity.Slug).ToList();
        return $"Another post already has the address '{string.Join("', '", slugs)}'.";
    }

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

    /// <summary>
    /// Replaces the tags of a tracked post (with its tags loaded) by <paramref name="wanted"/>, cleaned by
    /// <see cref="TagNames.Clean"/> and within its limits, creating tags that do not exist yet.
    /// </summary>
    public async Task SetTagsAsync(Post post, IReadOnlyList<string> wanted, CancellationToken cancellationToken)
    {
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
