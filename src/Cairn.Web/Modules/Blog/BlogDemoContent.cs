namespace Cairn.Web.Modules.Blog;

/// <summary>The demo workspace's first posts: one published with a category, tags and a comment, one draft.</summary>
public sealed class BlogDemoContent(CairnDbContext db, PostService posts, TimeProvider clock) : IDemoContent
{
    public async Task SeedAsync(Guid owner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var welcome = new Post
        {
            Title = "Welcome to your workspace",
            Slug = await posts.UniqueSlugAsync(Slugs.From("Welcome to your workspace"), null, cancellationToken),
            Description = "What the blog, the task lists and the members page are for.",
            Body = """
                This workspace has a **blog** (you are reading it), **task lists** for the team, and a **members** page
                where Owners and Admins invite people.

                ## Try it
                - Write a post with *New post*: Markdown, categories and tags.
                - Open *Tasks*: the shared list "This week" has a few tasks due in the coming days.
                - Invite someone from *Members*, by email or with a link.

                Delete this post whenever you like.
                """,
            AuthorId = owner,
            Category = new Category { Name = "News", Slug = "news" },
        };
        posts.Render(welcome, cancellationToken);
        await posts.SetTagsAsync(welcome, ["welcome", "getting-started"], cancellationToken);
        welcome.Publish(now);
        welcome.Comments.Add(new Comment { AuthorId = owner, Body = "Comments are plain text, and members can answer each other here." });

        var draft = new Post
        {
            Title = "Notes for the next team meeting",
            Slug = await posts.UniqueSlugAsync(Slugs.From("Notes for the next team meeting"), null, cancellationToken),
            Description = "A draft: only its author sees it until it is published.",
            Body = "1. What went well\n2. What to change\n3. Who does what next",
            AuthorId = owner,
        };
        posts.Render(draft, cancellationToken);
        db.AddRange(welcome, draft);
        await db.SaveChangesAsync(cancellationToken);
    }
}
