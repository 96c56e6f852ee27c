using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Blog;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Modules.Blog;

public sealed class BlogPagesTests(CairnApp app)
{
    private async Task<(string Workspace, TestUser Owner)> NewWorkspaceAsync()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var slug = await app.CreateWorkspaceAsync(owner.Id, prefix: "blog");
        return (slug, owner);
    }

    private static Dictionary<string, string> PostForm(string title, string body = "Hello **world**", string tags = "", bool publish = true, string? categoryId = null)
    {
        var form = new Dictionary<string, string> { ["Input.Title"] = title, ["Input.Body"] = body, ["Input.Tags"] = tags, ["Input.Publish"] = publish ? "true" : "false" };
        if (categoryId is not null) form["Input.CategoryId"] = categoryId;
        return form;
    }

    [Fact]
    public async Task CreatePost_WithMarkdownAndCategory_ShowsItOnTheIndexAndTheCategoryPage()
    {
        var (ws, _) = await NewWorkspaceAsync();
        var member = await app.CreateUserAsync(ws);
        await BlogSeed.PostAsync(app, ws, member.Id, "Seed", category: "Field notes");
        using var client = app.Browser(ws);
        await client.LogInAsync(member);

        var (_, form) = await client.GetAsync("/blog/new");
        var categoryId = form.QuerySelectorAll("select[name='Input.CategoryId'] option").First(o => o.TextContent == "Field notes").GetAttribute("value");
        var response = await client.SubmitAsync("/blog/new", PostForm("Río & Straße", "# Heading\n\nSome *markdown*.", "travel, notes", categoryId: categoryId));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/blog/rio-strasse", response.Headers.Location!.OriginalString);

        var (_, post) = await client.GetAsync("/blog/rio-strasse");
        Assert.Contains("<h1", post.QuerySelector("[data-testid=post-body]")!.InnerHtml, StringComparison.Ordinal);
        Assert.Contains("<em>markdown</em>", post.QuerySelector("[data-testid=post-body]")!.InnerHtml, StringComparison.Ordinal);
        Assert.Contains("Your post is published.", post.QuerySelector(".flash-messages")!.TextContent);

        var (_, index) = await client.GetAsync("/blog");
        Assert.Contains("Río & Straße", index.QuerySelector("[data-testid=post-list]")!.TextContent);
        var (_, category) = await client.GetAsync("/blog/category/field-notes");
        Assert.Contains("Río & Straße", category.QuerySelector("[data-testid=post-list]")!.TextContent);
        var (_, tag) = await client.GetAsync("/blog/tag/travel");
        Assert.Contains("Río & Straße", tag.QuerySelector("[data-testid=post-list]")!.TextContent);
    }

    [Fact]
    public async Task CreatePost_WhenTitleMissing_ShowsValidationErrorAndKeepsTheText()
    {
        var (ws, owner) = await NewWorkspaceAsync();
        using var client = app.Browser(ws);
        await client.LogInAsync(owner);
        var response = await client.SubmitAsync("/blog/new", PostForm("", "kept text"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("Give the post a title.", page.QuerySelector("[data-valmsg-for='Input.Title']")!.TextContent);
        Assert.Equal("kept text", page.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
    }

    [Fact]
    public async Task SameTitleTwice_GetsANumberedSlug_AndEditingTheTitleKeepsTheSlug()
    {
        var (ws, owner) = await NewWorkspaceAsync();
        using var client = app.Browser(ws);
        await client.LogInAsync(owner);
        Assert.Equal("/blog/twin", (await client.SubmitAsync("/blog/new", PostForm("Twin"))).Headers.Location!.OriginalString);
        Assert.Equal("/blog/twin-2", (await client.SubmitAsync("/blog/new", PostForm("Twin"))).Headers.Location!.OriginalString);

        var edited = await client.SubmitAsync("/blog/twin/edit", new Dictionary<string, string> { ["Input.Title"] = "A new title" });
        Assert.Equal("/blog/twin", edited.Headers.Location!.OriginalString);
        var renamed = await client.SubmitAsync("/blog/twin/edit", new Dictionary<string, string> { ["Input.Slug"] = "chosen-address" });
        Assert.Equal("/blog/chosen-address", renamed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Permissions_AuthorAndAdminEdit_OtherMemberAndViewerGet403_AnonymousLogsIn()
    {
        var (ws, _) = await NewWorkspaceAsync();
        var author = await app.CreateUserAsync(ws);
        var other = await app.CreateUserAsync(ws);
        var admin = await app.CreateUserAsync(ws, WorkspaceRole.Admin);
        var viewer = await app.CreateUserAsync(ws, WorkspaceRole.Viewer);
        var slug = await BlogSeed.PostAsync(app, ws, author.Id, "Guarded post");

        async Task<HttpStatusCode> EditStatus(TestUser? user)
        {
            using var client = app.Browser(ws);
            if (user is not null) await client.LogInAsync(user);
            return (await client.Http.GetAsync($"/blog/{slug}/edit")).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await EditStatus(author));
        Assert.Equal(HttpStatusCode.OK, await EditStatus(admin));
        Assert.Equal(HttpStatusCode.Forbidden, await EditStatus(other));
        Assert.Equal(HttpStatusCode.Forbidden, await EditStatus(viewer));
        Assert.Equal(HttpStatusCode.Redirect, await EditStatus(null));

        using var viewerClient = app.Browser(ws);
        await viewerClient.LogInAsync(viewer);
        var (_, page) = await viewerClient.GetAsync($"/blog/{slug}");
        Assert.Null(page.QuerySelector("[data-testid=post-actions]"));
        Assert.Null(page.QuerySelector("form textarea[name='Comment.Body']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.Http.GetAsync("/blog/new")).StatusCode);
        // The comment form is not offered to a Viewer; posting it anyway is refused.
        var token = await viewerClient.AntiforgeryTokenAsync($"/blog/{slug}");
        var sneaky = await viewerClient.Http.PostAsync($"/blog/{slug}?handler=Comment",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Comment.Body"] = "sneaky" }));
        Assert.Equal(HttpStatusCode.Forbidden, sneaky.StatusCode);
    }

    [Fact]
    public async Task Drafts_AreVisibleToTheirAuthorAndAdminsOnly()
    {
        var (ws, owner) = await NewWorkspaceAsync();
        var author = await app.CreateUserAsync(ws);
        var other = await app.CreateUserAsync(ws);
        var slug = await BlogSeed.PostAsync(app, ws, author.Id, "Secret draft", published: false);

        async Task<HttpStatusCode> Status(TestUser? user)
        {
            using var client = app.Browser(ws);
            if (user is not null) await client.LogInAsync(user);
            return (await client.Http.GetAsync($"/blog/{slug}")).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Status(author));
        Assert.Equal(HttpStatusCode.OK, await Status(owner));
        Assert.Equal(HttpStatusCode.NotFound, await Status(other));
        Assert.Equal(HttpStatusCode.NotFound, await Status(null));
        using var anonymous = app.Browser(ws);
        var (_, index) = await anonymous.GetAsync("/blog");
        Assert.DoesNotContain("Secret draft", index.Body!.TextContent);
    }

    [Fact]
    public async Task AnotherWorkspace_CannotReadThePost()
    {
        var (ws, owner) = await NewWorkspaceAsync();
        var (otherWs, _) = await NewWorkspaceAsync();
        var slug = await BlogSeed.PostAsync(app, ws, owner.Id, "Only here");
        using var client = app.Browser(otherWs);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/blog/{slug}")).StatusCode);
        var (_, index) = await client.GetAsync("/blog");
        Assert.DoesNotContain("Only here", index.Body!.TextContent);
    }

    [Fact]
    public async Task Comments_MembersComment_PostAuthorDeletesAny_OthersOnlyTheirOwn()
    {
        var (ws, _) = await NewWorkspaceAsync();
        var author = await app.CreateUserAsync(ws);
        var commenter = await app.CreateUserAsync(ws);
        var bystander = await app.CreateUserAsync(ws);
        var slug = await BlogSeed.PostAsync(app, ws, author.Id, "Talk about it");

        using var commenterClient = app.Browser(ws);
        await commenterClient.LogInAsync(commenter);
        var empty = await commenterClient.SubmitAsync($"/blog/{slug}", new Dictionary<string, string> { ["Comment.Body"] = "" }, "#comments form");
        Assert.Contains("Write something first.", (await PageClient.ParseAsync(empty)).QuerySelector("[data-valmsg-for='Comment.Body']")!.TextContent);
        var posted = await commenterClient.SubmitAsync($"/blog/{slug}", new Dictionary<string, string> { ["Comment.Body"] = "<b>First!</b>" }, "#comments form");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var (_, page) = await commenterClient.GetAsync($"/blog/{slug}");
        var comment = page.QuerySelector("[data-testid=comment] .comment-body")!;
        Assert.Equal("<b>First!</b>", comment.TextContent); // shown as text, never as markup
        Assert.NotNull(page.QuerySelector("[data-testid=comment] form"));

        using var bystanderClient = app.Browser(ws);
        await bystanderClient.LogInAsync(bystander);
        var (_, seen) = await bystanderClient.GetAsync($"/blog/{slug}");
        Assert.Null(seen.QuerySelector("[data-testid=comment] form"));
        var deleteAction = page.QuerySelector("[data-testid=comment] form")!.GetAttribute("action")!;
        var token = await bystanderClient.AntiforgeryTokenAsync($"/blog/{slug}");
        var refused = await bystanderClient.Http.PostAsync(deleteAction, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var authorClient = app.Browser(ws);
        await authorClient.LogInAsync(author);
        var authorToken = await authorClient.AntiforgeryTokenAsync($"/blog/{slug}");
        var deleted = await authorClient.Http.PostAsync(deleteAction, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = authorToken }));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var (_, after) = await authorClient.GetAsync($"/blog/{slug}");
        Assert.Empty(after.QuerySelectorAll("[data-testid=comment]"));
    }

    [Fact]
    public async Task Pagination_TenAPage_PagePastTheEndIs404()
    {
        var (ws, owner) = await NewWorkspaceAsync();
        for (var i = 1; i <= 11; i++) await BlogSeed.PostAsync(app, ws, owner.Id, $"Numbered {i:00}");
        using var client = app.Browser(ws);

        var (_, first) = await client.GetAsync("/blog");
        Assert.Equal(10, first.QuerySelectorAll("[data-testid=post-list] article").Length);
        Assert.Contains("Numbered 11", first.QuerySelector("[data-testid=post-list] article")!.TextContent); // newest first
        var (second, page2) = await client.GetAsync("/blog?page=2");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(page2.QuerySelectorAll("[data-testid=post-list] article"));
        Assert.NotNull(page2.QuerySelector("a[rel=prev]"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/blog?page=3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/blog?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/blog/category/no-such-category")).StatusCode);
    }

    [Fact]
    public async Task EmptyBlog_HasOnePage_AndPageTwoIs404()
    {
        var (ws, _) = await NewWorkspaceAsync();
        using var client = app.Browser(ws);
        var (response, page) = await client.GetAsync("/blog");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("[data-testid=no-posts]"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/blog?page=2")).StatusCode);
    }

    [Fact]
    public async Task Search_FindsWordsInTheBody_AndHighlightsThem()
    {
        var (ws, owner) = await NewWorkspaceAsync();
        await BlogSeed.PostAsync(app, ws, owner.Id, "Mountain report", "We climbed the glacier at dawn.");
        await BlogSeed.PostAsync(app, ws, owner.Id, "City report", "Traffic all day.");
        using var client = app.Browser(ws);
        var (_, found) = await client.GetAsync("/blog/search?q=glacier");
        Assert.Contains("1 post found", found.QuerySelector("[data-testid=result-count]")!.TextContent);
        Assert.Contains("Mountain report", found.QuerySelector("[data-testid=post-list]")!.TextContent);
        var (_, titled) = await client.GetAsync("/blog/search?q=report");
        Assert.Contains("2 posts found", titled.QuerySelector("[data-testid=result-count]")!.TextContent);
        Assert.Equal("report", titled.QuerySelector("[data-testid=post-list] mark")!.TextContent, ignoreCase: true);
    }

    [Fact]
    public async Task FeedAndSitemap_ListPublishedPostsOnly()
    {
        var (ws, owner) = await NewWorkspaceAsync();
        var published = await BlogSeed.PostAsync(app, ws, owner.Id, "In the feed", "<script>x</script>Body");
        var draft = await BlogSeed.PostAsync(app, ws, owner.Id, "Not in the feed", published: false);
        using var client = app.Browser(ws);

        var feed = await client.Http.GetAsync("/blog/feed");
        Assert.Equal("application/atom+xml", feed.Content.Headers.ContentType!.MediaType);
        var atom = await feed.Content.ReadAsStringAsync();
        Assert.Contains($"/blog/{published}</id>", atom, StringComparison.Ordinal);
        Assert.DoesNotContain(draft, atom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", atom, StringComparison.Ordinal);

        var sitemap = await client.Http.GetStringAsync("/sitemap.xml");
        Assert.Contains($"<loc>http://{ws}.localhost/blog/{published}</loc>", sitemap, StringComparison.Ordinal);
        Assert.DoesNotContain(draft, sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MembersOnlyBlog_IsClosedToOutsiders()
    {
        var (ws, owner) = await NewWorkspaceAsync();
        var slug = await BlogSeed.PostAsync(app, ws, owner.Id, "Inside news");
        using var anonymous = app.Browser(ws);
        // Read once while the blog is open, so that the setting is remembered (WorkspaceMemo) before it changes.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Http.GetAsync("/api/articles")).StatusCode);
        using var ownerClient = app.Browser(ws);
        await ownerClient.LogInAsync(owner);
        var saved = await ownerClient.SubmitAsync("/blog/settings", new Dictionary<string, string> { ["MembersOnly"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.Http.GetAsync($"/blog/{slug}")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Http.GetAsync("/blog")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/blog/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/articles")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync($"/api/profiles/{owner.UserName}")).StatusCode);
        Assert.DoesNotContain(slug, await anonymous.Http.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);

        var outsider = await app.CreateUserAsync();
        using var outsiderClient = app.Browser(ws);
        await outsiderClient.LogInAsync(outsider);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsiderClient.Http.GetAsync($"/blog/{slug}")).StatusCode);

        var (scope, db) = await app.DbForAsync(ws);
        await using (scope) Assert.True(await db.Set<BlogSettings>().Select(s => s.MembersOnly).SingleAsync());
    }
}
