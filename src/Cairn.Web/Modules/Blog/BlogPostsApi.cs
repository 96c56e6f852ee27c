using Cairn.Web.Platform.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Blog;

public sealed record PostAuthor(string Username, string DisplayName);

public sealed record PostCategoryRef(string Name, string Slug);

/// <summary>A post in a list answer.</summary>
public sealed record BlogPostSummary(
    string Slug, string Title, string Description, string Status, DateTime? PublishedAt, DateTime CreatedAt,
    PostAuthor Author, PostCategoryRef? Category, IReadOnlyList<string> Tags, int CommentCount);

/// <summary>One post, whole: Markdown as written and the sanitized HTML.</summary>
public sealed record BlogPostDetail(
    string Slug, string Title, string Description, string Body, string BodyHtml, string Status, DateTime? PublishedAt,
    DateTime CreatedAt, DateTime UpdatedAt, PostAuthor Author, PostCategoryRef? Category, IReadOnlyList<string> Tags);

/// <summary>
/// A new post (POST; <see cref="Title"/> and <see cref="Body"/> required, published unless <c>"publish": false</c>) or
/// a whole post (PUT). In a PATCH, fields left out keep their values.
/// </summary>
public sealed class BlogPostRequest
{
    public string? Title { get; set; }
    public string? Description { get; set; }

    /// <summary>Markdown.</summary>
    public string? Body { get; set; }

    /// <summary>A category's slug, or null for none.</summary>
    public string? Category { get; set; }

    public IReadOnlyList<string>? Tags { get; set; }
    public bool? Publish { get; set; }

    /// <summary>A new address; left out, the post keeps its own (a new post gets one from its title).</summary>
    public string? Slug { get; set; }
}

/// <summary>
/// <c>/api/v1/blog/posts</c>: the blog for programs, with the pages' permissions (<see cref="BlogAccess"/>) and
/// forms (<see cref="PostForm"/>), the platform's page shape, ETags and If-Match.
/// </summary>
public static class BlogPostsApi
{
    /// <summary>The OpenAPI document's examples: one post, as it is asked for and as it is answered.</summary>
    private static class Examples
    {
        private static readonly DateTime Written = new(2026, 11, 18, 14, 5, 0, DateTimeKind.Utc);

        public static readonly BlogPostRequest NewPost = new()
        {
            Title = "Dry-stone walls", Description = "How they stand without mortar", Body = "Every stone *leans* on two others.",
            Category = "craft", Tags = ["stone", "walls"], Publish = true, Slug = "dry-stone-walls",
        };

        public static readonly BlogPostDetail Post = new(
            "dry-stone-walls", "Dry-stone walls", "How they stand without mortar", "Every stone *leans* on two others.",
            "<p>Every stone <em>leans</em> on two others.</p>", "published", Written, Written, Written,
            new PostAuthor("ada", "Ada Lovelace"), new PostCategoryRef("Craft", "craft"), ["stone", "walls"]);

        public static readonly BlogPostSummary Summary = new(
            Post.Slug, Post.Title, Post.Description, Post.Status, Post.PublishedAt, Post.CreatedAt, Post.Author, Post.Category, Post.Tags, 2);
    }

    public sealed record PostListQuery(
        [FromQuery(Name = "category")] string? Category,
        [FromQuery(Name = "tag")] string? Tag,
        [FromQuery(Name = "author")] string? Author,
        [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "status")] string? Status,
        [FromQuery(Name = "page")] string? Page);

    public static IEndpointRouteBuilder MapBlogPostsApi(this IEndpointRouteBuilder endpoints)
    {
        var posts = endpoints.MapApiV1("blog/posts").WithTags("Blog");
        posts.MapGet("/", ListAsync).WithName("Blog.List")
            .WithSummary("Published posts, newest first, ten a page; filters as on /blog")
            .WithDescription("category (slug), tag, author (username), q (words), status=draft (your drafts; an admin's: all), page.")
            .Produces<ApiPage<BlogPostSummary>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(response: new ApiPage<BlogPostSummary>([Examples.Summary], 1, 10, 1, 1));
        posts.MapGet("/{slug}", GetAsync).WithName("Blog.Get").WithSummary("One post, with its ETag (If-None-Match answers 304)")
            .Produces<BlogPostDetail>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound)
            .WithExample(response: Examples.Post);
        posts.MapPost("/", CreateAsync).WithName("Blog.Create").WithSummary("Write a post; title and body are required")
            .Produces<BlogPostDetail>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(Examples.NewPost, Examples.Post, StatusCodes.Status201Created);
        posts.MapPut("/{slug}", ReplaceAsync).WithName("Blog.Replace").WithSummary("Replace a post; honours If-Match")
            .Produces<BlogPostDetail>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(Examples.NewPost, Examples.Post);
        posts.MapPatch("/{slug}", PatchAsync).WithName("Blog.Update").WithSummary("Change the fields sent; honours If-Match")
            .Accepts<BlogPostRequest>("application/json", "application/merge-patch+json")
            .Produces<BlogPostDetail>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new { description = "Why they stand without mortar" }, Examples.Post with { Description = "Why they stand without mortar" });
        posts.MapDelete("/{slug}", DeleteAsync).WithName("Blog.Delete").WithSummary("Delete a post (its author or an admin); honours If-Match")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return endpoints;
    }

    private static async Task<Results<Ok<ApiPage<BlogPostSummary>>, ProblemHttpResult>> ListAsync(
        [AsParameters] PostListQuery query, HttpContext http, BlogAccess access, CairnDbContext db, CancellationToken cancellationToken)
    {
        if (!await access.CanReadAsync(cancellationToken)) return ApiResults.Forbidden();
        var errors = new List<(string, string)>();
        var page = 1;
        if (query.Page is { } pageText && (!int.TryParse(pageText, out page) || page < 1)) errors.Add(("page", "A page is a number from 1."));
        if (query.Status is not (null or "published" or "draft")) errors.Add(("status", "Choose published or draft."));
        if (errors.Count > 0) return ApiResults.Invalid(errors);

        IQueryable<Post> posts;
        if (query.Status == "draft")
        {
            if (await access.DraftsAsync(cancellationToken) is not { } drafts) return ApiResults.Forbidden("Only writers have drafts.");
            posts = drafts;
        }
        else
        {
            posts = db.Posts.Published();
        }

        if (query.Category is { } category) posts = posts.Where(p => p.Category!.Slug == category);
        if (query.Tag is { } tag) posts = posts.Tagged(tag);
        if (query.Author is { } author) posts = posts.Where(p => p.Author!.UserName == author);
        if (query.Q is { Length: > 0 } q) posts = PostSearch.Matching(db, posts, q);

        var loaded = await PostListing.LoadAsync(posts, page, cancellationToken);
        if (loaded is null) return ApiResults.NoSuchPage();
        var body = new ApiPage<BlogPostSummary>(
            loaded.Posts.Select(p => new BlogPostSummary(
                p.Slug, p.Title, p.Description, Lower(p.Status), p.PublishedAt.AsUtc(), p.CreatedAt.AsUtc(),
                new PostAuthor(p.AuthorUserName, p.AuthorName),
                p.CategorySlug is null ? null : new PostCategoryRef(p.CategoryName!, p.CategorySlug), p.Tags, p.CommentCount)).ToList(),
            loaded.Page, PostListing.PageSize, loaded.Total, loaded.PageCount);
        http.Response.AddPageLinks(body, n => "/api/v1/blog/posts" + QueryString.Create(
            new Dictionary<string, string?> { ["category"] = query.Category, ["tag"] = query.Tag, ["author"] = query.Author, ["q"] = query.Q, ["status"] = query.Status, ["page"] = n > 1 ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : null }
                .Where(kv => kv.Value is not null)).ToUriComponent());
        return TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<BlogPostDetail>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        string slug, HttpContext http, BlogAccess access, CancellationToken cancellationToken)
    {
        if (!await access.CanReadAsync(cancellationToken)) return ApiResults.Forbidden();
        var post = await LoadAsync(await access.VisiblePostsAsync(cancellationToken), slug, tracked: false, cancellationToken);
        if (post is null) return ApiResults.NotFound("post");
        return http.OkOrNotModified(ETag(post), () => Detail(post));
    }

    private static async Task<Results<Created<BlogPostDetail>, ProblemHttpResult>> CreateAsync(
        BlogPostRequest request, HttpContext http, BlogAccess access, PostForm form, CairnDbContext db, CancellationToken cancellationToken)
    {
        if (!await access.CanWriteAsync(cancellationToken)) return ApiResults.Forbidden("Members, Admins and Owners write posts.");
        var post = new Post { Title = "", Slug = "", AuthorId = access.UserId!.Value };
        var input = new PostInput { Publish = true };
        if (await ApplyAsync(request, ApiFields.All, input, post, isNew: true, form, db, cancellationToken) is { } invalid) return invalid;
        db.Posts.Add(post);
        if (await form.SaveAsync(cancellationToken) is { } conflict) return ApiResults.Invalid([("slug", conflict)]);
        var saved = (await LoadAsync(db.Posts, post.Slug, tracked: false, cancellationToken))!;
        return http.Response.Tagged(ETag(saved), TypedResults.Created($"/api/v1/blog/posts/{saved.Slug}", Detail(saved)));
    }

    private static Task<Results<Ok<BlogPostDetail>, ProblemHttpResult>> ReplaceAsync(
        string slug, BlogPostRequest request, HttpContext http, BlogAccess access, PostForm form, CairnDbContext db, CancellationToken cancellationToken) =>
        UpdateAsync(slug, request, ApiFields.All, http, access, form, db, cancellationToken);

    private static Task<Results<Ok<BlogPostDetail>, ProblemHttpResult>> PatchAsync(
        string slug, HttpContext http, BlogAccess access, PostForm form, CairnDbContext db, CancellationToken cancellationToken) =>
        http.Request.PatchAsync<BlogPostRequest, BlogPostDetail>("a post", (request, fields) => UpdateAsync(slug, request, fields, http, access, form, db, cancellationToken), cancellationToken);

    private static async Task<Results<Ok<BlogPostDetail>, ProblemHttpResult>> UpdateAsync(
        string slug, BlogPostRequest request, ApiFields fields, HttpContext http, BlogAccess access, PostForm form, CairnDbContext db, CancellationToken cancellationToken)
    {
        if (!await access.CanReadAsync(cancellationToken)) return ApiResults.Forbidden();
        var post = await LoadAsync(await access.VisiblePostsAsync(cancellationToken), slug, tracked: true, cancellationToken);
        if (post is null) return ApiResults.NotFound("post");
        if (!await access.CanEditAsync(post.AuthorId, cancellationToken)) return ApiResults.Forbidden("Only the post's author or an admin may change it.");
        if (http.Request.PreconditionFails(ETag(post))) return ApiResults.PreconditionFailed();

        var input = fields.IsPatch
            ? new PostInput
            {
                Title = post.Title, Description = post.Description, Body = post.Body, CategoryId = post.CategoryId,
                Tags = string.Join(",", post.Tags.Select(t => t.Name)), Publish = post.Status == PostStatus.Published,
            }
            : new PostInput { Publish = post.Status == PostStatus.Published };
        if (await ApplyAsync(request, fields, input, post, isNew: false, form, db, cancellationToken) is { } invalid) return invalid;
        if (await form.SaveAsync(cancellationToken) is { } conflict) return ApiResults.Invalid([("slug", conflict)]);
        var saved = (await LoadAsync(db.Posts, post.Slug, tracked: false, cancellationToken))!;
        return http.Response.Tagged(ETag(saved), TypedResults.Ok(Detail(saved)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string slug, HttpContext http, BlogAccess access, CairnDbContext db, CancellationToken cancellationToken)
    {
        if (!await access.CanReadAsync(cancellationToken)) return ApiResults.Forbidden();
        var post = await LoadAsync(await access.VisiblePostsAsync(cancellationToken), slug, tracked: true, cancellationToken);
        if (post is null) return ApiResults.NotFound("post");
        if (!await access.CanEditAsync(post.AuthorId, cancellationToken)) return ApiResults.Forbidden("Only the post's author or an admin may delete it.");
        if (http.Request.PreconditionFails(ETag(post))) return ApiResults.PreconditionFailed();
        db.Posts.Remove(post);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The request laid over <paramref name="input"/> (the fields <paramref name="fields"/> sets), then the page form's rules.</summary>
    private static async Task<ProblemHttpResult?> ApplyAsync(BlogPostRequest request, ApiFields fields, PostInput input, Post post, bool isNew, PostForm form, CairnDbContext db,
        CancellationToken cancellationToken)
    {
        if (fields.Replaces("title")) input.Title = request.Title ?? "";
        if (fields.Replaces("body")) input.Body = request.Body ?? "";
        if (fields.Sets("description", request.Description)) input.Description = request.Description;
        if (fields.Sets("tags", request.Tags)) input.Tags = string.Join(",", request.Tags ?? []);
        if (fields.Sets("publish", request.Publish)) input.Publish = request.Publish ?? false;
        if (fields.Sets("slug", request.Slug)) input.Slug = request.Slug;
        var errors = new List<(string, string)>();
        if (fields.Replaces("category"))
        {
            input.CategoryId = null;
            if (request.Category is { } categorySlug)
            {
                input.CategoryId = await db.Categories.Where(c => c.Slug == categorySlug).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
                if (input.CategoryId is null) errors.Add(("category", "Choose one of the blog's categories (by slug)."));
            }
        }

        // The page form's own rules (data annotations), then the ones that need the database.
        var context = new System.ComponentModel.DataAnnotations.ValidationContext(input);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(input, context, results, validateAllProperties: true);
        errors.AddRange(results.SelectMany(r => r.MemberNames.Select(m => (m, r.ErrorMessage ?? "is invalid"))));
        if (errors.Count > 0) return ApiResults.Invalid(errors);

        if (await form.ApplyAsync(post, input, isNew, cancellationToken) is { } error)
            return ApiResults.Invalid([(error.Field.Replace("Input.", "", StringComparison.Ordinal), error.Message)]);
        return null;
    }

    private static Task<Post?> LoadAsync(IQueryable<Post> posts, string slug, bool tracked, CancellationToken cancellationToken)
    {
        var query = posts.Include(p => p.Author).Include(p => p.Category).Include(p => p.Tags).AsSplitQuery();
        if (!tracked) query = query.AsNoTracking();
        return query.FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
    }

    private static string ETag(Post post) => ApiResults.ETagFor("post", post.Id, post.UpdatedAt);

    private static string Lower(PostStatus status) => status.ToString().ToLowerInvariant();

    private static BlogPostDetail Detail(Post p) => new(
        p.Slug, p.Title, p.Description, p.Body, p.BodyHtml, Lower(p.Status), p.PublishedAt.AsUtc(), p.CreatedAt.AsUtc(), p.UpdatedAt.AsUtc(),
        new PostAuthor(p.Author!.UserName!, p.Author.DisplayName),
        p.Category is null ? null : new PostCategoryRef(p.Category.Name, p.Category.Slug),
        p.Tags.Select(t => t.Name).Order(StringComparer.Ordinal).ToList());
}
