using Cairn.Web.Platform.Web;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Blog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Blog;

/// <summary>Writes blog rows straight through the app's services, inside a workspace.</summary>
internal static class BlogSeed
{
    public static async Task<string> PostAsync(CairnApp app, string workspace, Guid authorId, string title, string body = "Some *text*.",
        bool published = true, string? category = null, params string[] tags)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
        {
            var posts = scope.ServiceProvider.GetRequiredService<PostService>();
            var post = new Post
            {
                Title = title, Body = body, Description = $"About {title}", AuthorId = authorId,
                Slug = await posts.UniqueSlugAsync(Slugs.From(title), null, CancellationToken.None),
            };
            if (category is not null)
            {
                var existing = await db.Set<Category>().FirstOrDefaultAsync(c => c.Slug == Slugs.From(category));
                post.Category = existing ?? new Category { Name = category, Slug = Slugs.From(category) };
            }

            posts.Render(post, default);
            await posts.SetTagsAsync(post, tags, CancellationToken.None);
            if (published) post.Publish(DateTime.UtcNow);
            db.Add(post);
            await db.SaveChangesAsync();
            return post.Slug;
        }
    }

    public static async Task CommentAsync(CairnApp app, string workspace, string slug, Guid authorId, string body)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
        {
            var postId = await db.Set<Post>().Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync();
            db.Add(new Comment { PostId = postId, AuthorId = authorId, Body = body });
            await db.SaveChangesAsync();
        }
    }
}
