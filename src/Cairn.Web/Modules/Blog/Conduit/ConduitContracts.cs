using System.Globalization;

namespace Cairn.Web.Modules.Blog.Conduit;

// Request and response shapes of the RealWorld (Conduit) API, as its spec names them.

public sealed record UserEnvelope<T>(T User);
public sealed record NewUser(string? Username, string? Email, string? Password);
public sealed record LoginUser(string? Email, string? Password);
public sealed record UpdateUser(string? Email, string? Username, string? Password, string? Bio, string? Image);
public sealed record UserResponse(string Email, string Token, string Username, string Bio, string? Image);

public sealed record ProfileEnvelope(ProfileResponse Profile);
public sealed record ProfileResponse(string Username, string Bio, string? Image, bool Following);

public sealed record ArticleEnvelope<T>(T Article);
public sealed record NewArticle(string? Title, string? Description, string? Body, string[]? TagList);
public sealed record UpdateArticle(string? Title, string? Description, string? Body, string[]? TagList);

public sealed record ArticleResponse(
    string Slug, string Title, string Description, string Body, IReadOnlyList<string> TagList,
    string CreatedAt, string UpdatedAt, bool Favorited, int FavoritesCount, ProfileResponse Author);

public sealed record ArticlesResponse(IReadOnlyList<ArticleResponse> Articles, int ArticlesCount);

public sealed record CommentEnvelope<T>(T Comment);
public sealed record NewComment(string? Body);
public sealed record CommentResponse(int Id, string CreatedAt, string UpdatedAt, string Body, ProfileResponse Author);
public sealed record CommentsResponse(IReadOnlyList<CommentResponse> Comments);

public sealed record TagsResponse(IReadOnlyList<string> Tags);

/// <summary>The spec's error body: <c>{"errors": {"field": ["message"]}}</c>.</summary>
public sealed record ErrorsResponse(Dictionary<string, string[]> Errors)
{
    public static ErrorsResponse Of(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

internal static class ConduitFormat
{
    /// <summary>ISO 8601 in UTC with milliseconds always present, as the official suite checks.</summary>
    public static string Timestamp(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Image(string? avatarFile) => avatarFile is null ? null : $"/media/avatars/{avatarFile}";
}
