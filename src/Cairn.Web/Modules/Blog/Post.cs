namespace Cairn.Web.Modules.Blog;

public enum PostStatus
{
    Draft,
    Published,
}

/// <summary>A blog post; a Conduit "article" is a published post.</summary>
public sealed class Post : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";

    /// <summary>Markdown, as the author wrote it.</summary>
    public string Body { get; set; } = "";

    /// <summary><see cref="Body"/> rendered and sanitized, kept so that lists and pages do not render on every view.</summary>
    public string BodyHtml { get; set; } = "";

    public PostStatus Status { get; set; } = PostStatus.Draft;
    public DateTime? PublishedAt { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    public Guid AuthorId { get; set; }
    public CairnUser? Author { get; set; }
    public int? CategoryId { get; set; }
    public Category? Category { get; set; }
    public List<Tag> Tags { get; } = [];
    public List<Comment> Comments { get; } = [];
    public List<Favorite> Favorites { get; } = [];

    public void Publish(DateTime now)
    {
        Status = PostStatus.Published;
        PublishedAt ??= now;
    }
}

public sealed class Category : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string Description { get; set; } = "";
}

public sealed class Tag : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }

    /// <summary>How many published posts carry the tag: kept by the database (<see cref="TagCountTriggers"/>), never written by the app.</summary>
    public int PublishedPosts { get; private set; }

    public List<Post> Posts { get; } = [];
}

/// <summary>A comment was written on a post (the "new comment on your post" email follows from it).</summary>
public sealed record CommentAdded(Comment Comment) : Cairn.Web.Platform.Events.IDomainEvent;

public sealed class Comment : ITenantOwned, Cairn.Web.Platform.Events.IRaisesEvents
{
    private readonly Cairn.Web.Platform.Events.EventList _events = new();

    IReadOnlyList<Cairn.Web.Platform.Events.IDomainEvent> Cairn.Web.Platform.Events.IRaisesEvents.PendingEvents => _events.PendingEvents;

    void Cairn.Web.Platform.Events.IRaisesEvents.ClearEvents() => _events.ClearEvents();

    /// <summary>A new comment by <paramref name="authorId"/>, raising <see cref="CommentAdded"/> when it is saved.</summary>
    public static Comment Write(int postId, Guid authorId, string body)
    {
        var comment = new Comment { PostId = postId, AuthorId = authorId, Body = body };
        comment._events.Raise(new CommentAdded(comment));
        return comment;
    }

    public int Id { get; set; }
    public int TenantId { get; set; }
    public int PostId { get; set; }
    public Post? Post { get; set; }
    public Guid AuthorId { get; set; }
    public CairnUser? Author { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>A user's favourite post.</summary>
public sealed class Favorite : ITenantOwned
{
    public int TenantId { get; set; }
    public int PostId { get; set; }
    public Guid UserId { get; set; }
}

/// <summary>One user following another, inside one workspace.</summary>
public sealed class Follow : ITenantOwned
{
    public int TenantId { get; set; }
    public Guid FollowerId { get; set; }
    public Guid FolloweeId { get; set; }
}

/// <summary>Blog settings of one workspace; a workspace without a row has the defaults.</summary>
public sealed class BlogSettings : ITenantOwned
{
    public int TenantId { get; set; }

    /// <summary>Only members may read the blog (its pages, feed and API); by default anyone may.</summary>
    public bool MembersOnly { get; set; }
}
