using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Blog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Blog;

/// <summary>
/// <c>blog_tags.published_posts</c> is kept by the database (TagCountTriggers): after every kind of change it
/// equals the number of published posts carrying the tag, computed the slow way.
/// </summary>
public sealed class TagCountTests(CairnApp app)
{
    [Fact]
    public async Task TagCounts_FollowPublishingRetaggingUnpublishingAndDeleting()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "tagcount");
        var first = await BlogSeed.PostAsync(app, ws, owner.Id, "First", published: true, tags: ["stone", "moss"]);
        var second = await BlogSeed.PostAsync(app, ws, owner.Id, "Second", published: true, tags: ["stone"]);
        var draft = await BlogSeed.PostAsync(app, ws, owner.Id, "Draft", published: false, tags: ["stone", "lichen"]);
        await AssertCountsAsync(ws, new() { ["stone"] = 2, ["moss"] = 1, ["lichen"] = 0 });

        await ChangeAsync(ws, draft, (post, _) => post.Publish(DateTime.UtcNow));
        await AssertCountsAsync(ws, new() { ["stone"] = 3, ["moss"] = 1, ["lichen"] = 1 });

        await ChangeAsync(ws, first, (post, services) =>
            services.GetRequiredService<PostService>().SetTagsAsync(post, ["moss", "fern"], CancellationToken.None).GetAwaiter().GetResult());
        await AssertCountsAsync(ws, new() { ["stone"] = 2, ["moss"] = 1, ["lichen"] = 1, ["fern"] = 1 });

        await ChangeAsync(ws, second, (post, _) => post.Status = PostStatus.Draft);
        await AssertCountsAsync(ws, new() { ["stone"] = 1, ["moss"] = 1, ["lichen"] = 1, ["fern"] = 1 });

        // Deleting a published post, once by EF with its links loaded and once in one statement (the links go by cascade).
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            db.Remove(await db.Set<Post>().Include(p => p.Tags).SingleAsync(p => p.Slug == first));
            await db.SaveChangesAsync();
            await db.Set<Post>().Where(p => p.Slug == draft).ExecuteDeleteAsync();
        }

        await AssertCountsAsync(ws, new() { ["stone"] = 0, ["moss"] = 0, ["lichen"] = 0, ["fern"] = 0 });

        // An unpublished post deleted takes nothing off.
        await ChangeAsync(ws, second, (post, _) => post.Publish(DateTime.UtcNow));
        await AssertCountsAsync(ws, new() { ["stone"] = 1 });
        await BlogSeed.PostAsync(app, ws, owner.Id, "Another draft", published: false, tags: ["stone"]);
        var (scope2, db2) = await app.DbForAsync(ws);
        await using (scope2) await db2.Set<Post>().Where(p => p.Status == PostStatus.Draft).ExecuteDeleteAsync();
        await AssertCountsAsync(ws, new() { ["stone"] = 1 });

        using var client = app.Browser(ws);
        Assert.Contains("\"stone\"", await client.Http.GetStringAsync("/api/tags"), StringComparison.Ordinal);
        Assert.DoesNotContain("\"moss\"", await client.Http.GetStringAsync("/api/tags"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiTags_InTwoWorkspacesInTurn_ListEachOnesOwnTags()
    {
        // The tag list is a compiled query: its workspace filter must still follow the context of each request.
        var owner = await app.CreateUserAsync(workspace: null);
        var a = await app.CreateWorkspaceAsync(owner.Id, prefix: "tags-a");
        var b = await app.CreateWorkspaceAsync(owner.Id, prefix: "tags-b");
        await BlogSeed.PostAsync(app, a, owner.Id, "In A", published: true, tags: ["alpha"]);
        await BlogSeed.PostAsync(app, b, owner.Id, "In B", published: true, tags: ["beta"]);
        using var inA = app.Browser(a);
        using var inB = app.Browser(b);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("""{"tags":["alpha"]}""", await inA.Http.GetStringAsync($"/api/tags?i={i}"));
            Assert.Equal("""{"tags":["beta"]}""", await inB.Http.GetStringAsync($"/api/tags?i={i}"));
        }
    }

    [Fact]
    public async Task ALinkAddedWhileAnotherTransactionPublishesThePost_IsCounted()
    {
        // A tag is linked to a draft in one transaction while another publishes that draft. On PostgreSQL the link's
        // trigger locks the post row (migration TagCountLocks), so the publishing UPDATE waits for the link's commit
        // and then counts it; without the lock each trigger missed the other's row and the count stayed 0. SQLite
        // has one writer at a time, so the publish waits there too.
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "tagrace");
        await BlogSeed.PostAsync(app, ws, owner.Id, "Holder", published: false, tags: ["scree"]);
        var draft = await BlogSeed.PostAsync(app, ws, owner.Id, "Racing draft", published: false);

        var (linkScope, linkDb) = await app.DbForAsync(ws);
        await using (linkScope)
        {
            await using var linking = await linkDb.Database.BeginTransactionAsync();
            var post = await linkDb.Set<Post>().Include(p => p.Tags).SingleAsync(p => p.Slug == draft);
            post.Tags.Add(await linkDb.Set<Tag>().SingleAsync(t => t.Name == "scree"));
            await linkDb.SaveChangesAsync();

            var publishing = Task.Run(async () =>
            {
                var (scope, db) = await app.DbForAsync(ws);
                await using (scope)
                {
                    var racing = await db.Set<Post>().SingleAsync(p => p.Slug == draft);
                    racing.Publish(DateTime.UtcNow);
                    await db.SaveChangesAsync();
                }
            });
            if (TestDatabase.IsPostgres)
            {
                // The publishing UPDATE must be in flight while the link is uncommitted: it either waits on the row
                // lock (the fix) or has already finished (the race).
                var (probeScope, probeDb) = await app.DbForAsync(null);
                await using (probeScope)
                    await Eventually.Until(async () => publishing.IsCompleted || await probeDb.Database
                        .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                        .SingleAsync() > 0, "the publishing transaction to wait for the link's or to finish");
            }

            await linking.CommitAsync();
            await publishing;
        }

        await AssertCountsAsync(ws, new() { ["scree"] = 1 });
    }

    private async Task ChangeAsync(string ws, string slug, Action<Post, IServiceProvider> change)
    {
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            var post = await db.Set<Post>().Include(p => p.Tags).SingleAsync(p => p.Slug == slug);
            change(post, scope.ServiceProvider);
            await db.SaveChangesAsync();
        }
    }

    private async Task AssertCountsAsync(string ws, Dictionary<string, int> expected)
    {
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            var kept = await db.Set<Tag>().AsNoTracking().ToDictionaryAsync(t => t.Name, t => t.PublishedPosts);
            var computed = await db.Set<Tag>().Select(t => new { t.Name, Count = t.Posts.Count(p => p.Status == PostStatus.Published) })
                .ToDictionaryAsync(t => t.Name, t => t.Count);
            Assert.Equal(computed, kept);
            foreach (var (name, count) in expected) Assert.Equal(count, kept[name]);
        }
    }
}
