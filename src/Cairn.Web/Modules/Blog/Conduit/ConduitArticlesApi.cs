namespace Cairn.Web.Modules.Blog.Conduit;

/// <summary>RealWorld articles, favourites, comments and tags under <c>/api</c>; an article is a published blog post.</summary>
public static class ConduitArticlesApi
{
    public static IEndpointRouteBuilder MapConduitArticlesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Conduit").AddEndpointFilter<ConduitReaderFilter>();
        api.MapGet("/articles", ListArticles).WithName("Conduit.ListArticles").WithToken(required: false).CachedBlogRead();
        api.MapGet("/articles/feed", Feed).WithName("Conduit.Feed").WithToken(required: true).CachedBlogRead();
        api.MapGet("/articles/{slug}", GetArticle).WithName("Conduit.GetArticle").WithToken(required: false).CachedBlogRead();
        api.MapPost("/articles", CreateArticle).WithName("Conduit.CreateArticle").WithToken(required: true);
        api.MapPut("/articles/{slug}", UpdateArticle).WithName("Conduit.UpdateArticle").WithToken(required: true);
        api.MapDelete("/articles/{slug}", DeleteArticle).WithName("Conduit.DeleteArticle").WithToken(required: true);
        api.MapPost("/articles/{slug}/favorite", Favorite).WithName("Conduit.Favorite").WithToken(required: true);
        api.MapDelete("/articles/{slug}/favorite", Unfavorite).WithName("Conduit.Unfavorite").WithToken(required: true);
        api.MapGet("/articles/{slug}/comments", ListComments).WithName("Conduit.ListComments").WithToken(required: false).CachedBlogRead();
        api.MapPost("/articles/{slug}/comments", AddComment).WithName("Conduit.AddComment").WithToken(required: true);
        api.MapDelete("/articles/{slug}/comments/{id:int}", DeleteComment).WithName("Conduit.DeleteComment").WithToken(required: true);
        api.MapGet("/tags", ListTags).WithName("Conduit.ListTags").CachedBlogRead();
        return endpoints;
    }

    private static async Task<IResult> ListArticles(string? tag, string? author, string? favorited, int? limit, int? offset,
        ConduitCaller caller, CairnDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(tag) && string.IsNullOrEmpty(author) && string.IsNullOrEmpty(favorited))
        {
            var (newest, total) = await ArticleQueries.NewestAsync(db, Skip(offset), Take(limit), caller.UserId, http, cancellationToken);
            return TypedResults.Ok(new ArticlesResponse(newest, total));
        }

        var posts = db.Posts.Published();
        if (!string.IsNullOrEmpty(tag)) posts = posts.Tagged(tag);
        if (!string.IsNullOrEmpty(author)) posts = posts.Where(p => p.Author!.UserName == author);
        if (!string.IsNullOrEmpty(favorited))
        {
            // Which articles are on this list (and how many) changes with any favourite in the workspace.
            http.DependsOn(BlogCache.Favorites);
            posts = posts.Where(p => p.Favorites.Any(f => db.Users.Any(u => u.Id == f.UserId && u.UserName == favorited)));
        }

        var count = await posts.CountAsync(cancellationToken);
        var page = count == 0 ? [] : await ArticleQueries.ListAsync(db, posts.NewestFirst().Skip(Skip(offset)).Take(Take(limit)), caller.UserId, http, cancellationToken);
        return TypedResults.Ok(new ArticlesResponse(page, count));
    }

    private static async Task<IResult> Feed(int? limit, int? offset, ConduitCaller caller, CairnDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var (page, count) = await ArticleQueries.FeedAsync(db, Skip(offset), Take(limit), caller.Id, http, cancellationToken);
        return TypedResults.Ok(new ArticlesResponse(page, count));
    }

    private static int Take(int? limit) => Math.Clamp(limit ?? 20, 1, 100);

    private static int Skip(int? offset) => Math.Max(offset ?? 0, 0);

    private static async Task<IResult> GetArticle(string slug, ConduitCaller caller, CairnDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var article = await ArticleQueries.OneAsync(db, slug, caller.UserId, http, cancellationToken);
        return article is null ? ConduitResults.NotFound("article") : TypedResults.Ok(new ArticleEnvelope<ArticleResponse>(article));
    }

    private static async Task<IResult> CreateArticle(ArticleEnvelope<NewArticle> body, ConduitCaller caller, CairnDbContext db,
        PostService posts, CancellationToken cancellationToken)
    {
        if (body?.Article is not { } input) return ConduitResults.MissingBody("article");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Title)) errors["title"] = ["can't be blank"];
        else if (input.Title.Length > 200) errors["title"] = ["is too long (at most 200 characters)"];
        if (string.IsNullOrWhiteSpace(input.Description)) errors["description"] = ["can't be blank"];
        else if (input.Description.Length > 500) errors["description"] = ["is too long (at most 500 characters)"];
        if (string.IsNullOrWhiteSpace(input.Body)) errors["body"] = ["can't be blank"];
        var tags = TagNames.Clean(input.TagList);
        if (TagNames.Problem(tags) is { } tagProblem) errors["tagList"] = [tagProblem];
        if (errors.Count > 0) return ConduitResults.Invalid(errors);
        if (!await caller.IsWriterAsync(db, cancellationToken)) return ConduitResults.NotAWriter();

        var now = DateTime.UtcNow;
        var post = new Post
        {
            Title = input.Title!.Trim(),
            Slug = "",
            Description = input.Description!.Trim(),
            Body = input.Body!,
            AuthorId = caller.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        post.Publish(now);
        if (posts.Render(post, cancellationToken) is { } problem) return ConduitResults.Invalid("body", problem);
        await posts.AssignSlugAsync(post, Slugs.From(input.Title), cancellationToken);
        await posts.SetTagsAsync(post, tags, cancellationToken);
        db.Posts.Add(post);
        if (await posts.SaveAsync(cancellationToken) is { } conflict) return ConduitResults.Invalid("slug", conflict);

        var article = await ArticleQueries.OneAsync(db, post.Slug, caller.UserId, null, cancellationToken);
        return TypedResults.Created($"/api/articles/{post.Slug}", new ArticleEnvelope<ArticleResponse>(article!));
    }

    private static async Task<IResult> UpdateArticle(string slug, ArticleEnvelope<UpdateArticle> body, ConduitCaller caller, CairnDbContext db,
        PostService posts, CancellationToken cancellationToken)
    {
        var post = await db.Posts.Published().Include(p => p.Tags).FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return ConduitResults.NotFound("article");
        if (post.AuthorId != caller.Id) return ConduitResults.Forbidden("article");
        if (!await caller.IsWriterAsync(db, cancellationToken)) return ConduitResults.NotAWriter();
        if (body?.Article is not { } input) return ConduitResults.MissingBody("article");

        if (input.Title is not null)
        {
            if (string.IsNullOrWhiteSpace(input.Title)) return ConduitResults.Invalid("title", "can't be blank");
            if (input.Title.Length > 200) return ConduitResults.Invalid("title", "is too long (at most 200 characters)");
            post.Title = input.Title.Trim();
        }

        if (input.Description is not null)
        {
            if (input.Description.Length > 500) return ConduitResults.Invalid("description", "is too long (at most 500 characters)");
            post.Description = input.Description.Trim();
        }

        if (input.Body is not null)
        {
            post.Body = input.Body;
            if (posts.Render(post, cancellationToken) is { } problem) return ConduitResults.Invalid("body", problem);
        }

        if (input.TagList is not null)
        {
            var tags = TagNames.Clean(input.TagList);
            if (TagNames.Problem(tags) is { } tagProblem) return ConduitResults.Invalid("tagList", tagProblem);
            await posts.SetTagsAsync(post, tags, cancellationToken);
        }

        post.UpdatedAt = DateTime.UtcNow;
        if (await posts.SaveAsync(cancellationToken) is { } conflict) return ConduitResults.Invalid("slug", conflict);
        return TypedResults.Ok(new ArticleEnvelope<ArticleResponse>((await ArticleQueries.OneAsync(db, post.Slug, caller.UserId, null, cancellationToken))!));
    }

    private static async Task<IResult> DeleteArticle(string slug, ConduitCaller caller, CairnDbContext db, CancellationToken cancellationToken)
    {
        var post = await db.Posts.Published().FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return ConduitResults.NotFound("article");
        if (post.AuthorId != caller.Id) return ConduitResults.Forbidden("article");
        if (!await caller.IsWriterAsync(db, cancellationToken)) return ConduitResults.NotAWriter();
        db.Posts.Remove(post);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Favorite(string slug, ConduitCaller caller, CairnDbContext db, CancellationToken cancellationToken)
    {
        var postId = await db.Posts.Published().Where(p => p.Slug == slug).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (postId is null) return ConduitResults.NotFound("article");
        if (!await caller.IsWriterAsync(db, cancellationToken)) return ConduitResults.NotAWriter();
        if (!await db.Favorites.AnyAsync(f => f.PostId == postId && f.UserId == caller.Id, cancellationToken))
        {
            var favorite = db.Favorites.Add(new Favorite { PostId = postId.Value, UserId = caller.Id }).Entity;
            await db.SaveIdempotentAsync(favorite, cancellationToken);
        }

        return TypedResults.Ok(new ArticleEnvelope<ArticleResponse>((await ArticleQueries.OneAsync(db, slug, caller.UserId, null, cancellationToken))!));
    }

    private static async Task<IResult> Unfavorite(string slug, ConduitCaller caller, CairnDbContext db, BlogCache cache, CancellationToken cancellationToken)
    {
        var postId = await db.Posts.Published().Where(p => p.Slug == slug).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (postId is null) return ConduitResults.NotFound("article");
        if (await db.Favorites.Where(f => f.PostId == postId && f.UserId == caller.Id).ExecuteDeleteAsync(cancellationToken) > 0)
            await cache.InvalidateAsync(BlogCache.FavoriteParts(postId.Value), cancellationToken);
        return TypedResults.Ok(new ArticleEnvelope<ArticleResponse>((await ArticleQueries.OneAsync(db, slug, caller.UserId, null, cancellationToken))!));
    }

    private static async Task<IResult> ListComments(string slug, ConduitCaller caller, CairnDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var postId = await db.Posts.Published().Where(p => p.Slug == slug).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (postId is null) return ConduitResults.NotFound("article");
        http.DependsOn(BlogCache.Comments(postId.Value));
        return TypedResults.Ok(new CommentsResponse(await CommentsAsync(db, db.Comments.Where(c => c.PostId == postId), caller.UserId, cancellationToken)));
    }

    private static async Task<IResult> AddComment(string slug, CommentEnvelope<NewComment> body, ConduitCaller caller, CairnDbContext db, CancellationToken cancellationToken)
    {
        if (body?.Comment is null) return ConduitResults.MissingBody("comment");
        if (string.IsNullOrWhiteSpace(body.Comment.Body)) return ConduitResults.Invalid("body", "can't be blank");
        if (body.Comment.Body.Length > 5000) return ConduitResults.Invalid("body", "is too long (at most 5000 characters)");
        var postId = await db.Posts.Published().Where(p => p.Slug == slug).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (postId is null) return ConduitResults.NotFound("article");
        if (!await caller.IsWriterAsync(db, cancellationToken)) return ConduitResults.NotAWriter();

        var comment = Comment.Write(postId.Value, caller.Id, body.Comment.Body.Trim());
        db.Comments.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        var created = (await CommentsAsync(db, db.Comments.Where(c => c.Id == comment.Id), caller.UserId, cancellationToken))[0];
        return TypedResults.Created($"/api/articles/{slug}/comments/{comment.Id}", new CommentEnvelope<CommentResponse>(created));
    }

    private static async Task<IResult> DeleteComment(string slug, int id, ConduitCaller caller, CairnDbContext db, BlogCache cache, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.Where(c => c.Id == id && c.Post!.Slug == slug)
            .Select(c => new { c.Id, c.AuthorId, c.PostId, PostAuthorId = c.Post!.AuthorId })
            .FirstOrDefaultAsync(cancellationToken);
        if (comment is null) return ConduitResults.NotFound("comment");
        var mayDelete = comment.AuthorId == caller.Id || comment.PostAuthorId == caller.Id
            || (await caller.RoleAsync(db, cancellationToken) is { } role && role.AtLeast(WorkspaceRole.Admin));
        if (!mayDelete) return ConduitResults.Forbidden("comment");
        await db.Comments.Where(c => c.Id == comment.Id).ExecuteDeleteAsync(cancellationToken);
        await cache.InvalidateAsync([BlogCache.Comments(comment.PostId)], cancellationToken);
        return TypedResults.NoContent();
    }

    // Compiled once: the hottest read skips LINQ translation and the query cache lookup on every request.
    private static readonly Func<CairnDbContext, IAsyncEnumerable<string>> TagsInUse = EF.CompileAsyncQuery((CairnDbContext db) =>
        db.Set<Tag>().Where(t => t.PublishedPosts > 0).OrderBy(t => t.Name).Select(t => t.Name));

    private static async Task<IResult> ListTags(CairnDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new TagsResponse(await TagsInUse(db).ToListAsync(cancellationToken)));

    private static async Task<List<CommentResponse>> CommentsAsync(CairnDbContext db, IQueryable<Comment> comments, Guid? viewer, CancellationToken cancellationToken)
    {
        var rows = await comments
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id, c.CreatedAt, c.UpdatedAt, c.Body, c.Author!.UserName, c.Author.Bio, c.Author.AvatarFile,
                Following = viewer != null && db.Set<Follow>().Any(f => f.FollowerId == viewer && f.FolloweeId == c.AuthorId),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new CommentResponse(r.Id, ConduitFormat.Timestamp(r.CreatedAt), ConduitFormat.Timestamp(r.UpdatedAt), r.Body,
            new ProfileResponse(r.UserName!, r.Bio, ConduitFormat.Image(r.AvatarFile), r.Following))).ToList();
    }
}
