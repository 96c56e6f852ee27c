using Cairn.Web.Platform.Email;
using Cairn.Web.Platform.Events;

namespace Cairn.Web.Modules.Blog;

/// <summary>Tell a post's author about a new comment (asked for in the comment's own transaction).</summary>
public sealed record SendCommentEmail(int PostId, Guid CommentAuthorId, string Excerpt) : IJobPayload;

/// <summary>Every comment by someone other than the post's author asks for a <see cref="SendCommentEmail"/>.</summary>
public sealed class CommentEmailRule : IOutboxRule<CommentAdded>
{
    public IEnumerable<IJobPayload> JobsFor(CommentAdded domainEvent)
    {
        var body = domainEvent.Comment.Body;
        yield return new SendCommentEmail(domainEvent.Comment.PostId, domainEvent.Comment.AuthorId, body.Length > 300 ? body[..300] + "…" : body);
    }
}

public sealed class CommentEmailJob(CairnDbContext db, ITenantContext tenant, EmailComposer composer, IEmailSender sender) : IJobHandler<SendCommentEmail>
{
    public async Task RunAsync(SendCommentEmail payload, CancellationToken cancellationToken)
    {
        var workspace = tenant.Workspace(); // the comment's, set by the job runner
        var post = await db.Posts.Where(p => p.Id == payload.PostId)
            .Select(p => new { p.Title, p.Slug, p.AuthorId, p.Author!.Email, p.Author.DisplayName })
            .FirstOrDefaultAsync(cancellationToken);
        if (post?.Email is null || post.AuthorId == payload.CommentAuthorId) return; // deleted since, or their own comment
        var commenter = await db.Users.Where(u => u.Id == payload.CommentAuthorId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "Someone";
        var text = $"""
            Hello {post.DisplayName},

            {commenter} commented on your post "{post.Title}" in {workspace.Name}:

              {payload.Excerpt}

            Read and answer: {composer.Link(workspace.Slug, $"/blog/{post.Slug}")}
            """;
        await sender.SendAsync(composer.Create(post.DisplayName, post.Email, $"New comment on \"{post.Title}\"", text), cancellationToken);
    }
}
