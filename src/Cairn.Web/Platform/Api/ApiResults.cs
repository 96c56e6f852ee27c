using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cairn.Web.Platform.Api;

/// <summary>One shape for every list: a page of items with the totals. Link headers carry the same addresses.</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, int PageCount);

public static class ApiResults
{
    public const string ValidationProblemType = "https://cairn.dev/problems/validation";

    /// <summary>
    /// The one rule for invalid input: 422 Unprocessable Content with the messages per field (JSON names). A body
    /// that is not JSON at all, or not of the right shape, is 400 from the framework.
    /// </summary>
    public static IResult Invalid(IEnumerable<(string Field, string Message)> errors) =>
        Results.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The request has invalid fields.",
            type: ValidationProblemType,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.GroupBy(e => JsonName(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            });

    public static string JsonName(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    /// <summary>Adds RFC 8288 Link headers (first, prev, next, last) for a page of a list at <paramref name="pageUrl"/>.</summary>
    public static void AddPageLinks<T>(this HttpResponse response, ApiPage<T> page, Func<int, string> pageUrl)
    {
        var links = new List<string> { $"<{pageUrl(1)}>; rel=\"first\"" };
        if (page.Page > 1) links.Add($"<{pageUrl(page.Page - 1)}>; rel=\"prev\"");
        if (page.Page < page.PageCount) links.Add($"<{pageUrl(page.Page + 1)}>; rel=\"next\"");
        links.Add($"<{pageUrl(page.PageCount)}>; rel=\"last\"");
        response.Headers.Link = string.Join(", ", links);
    }

    /// <summary>
    /// A strong ETag for a row version: its id and last change, to the microsecond (what PostgreSQL keeps), so the
    /// tag written after a save equals the one read back later.
    /// </summary>
    public static string ETagFor(string kind, int id, DateTime updatedAt)
    {
        var micros = updatedAt.Ticks / 10;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{id}:{micros}")));
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 12))}\"";
    }

    /// <summary>True when the request's If-None-Match names <paramref name="etag"/> (answer 304).</summary>
    public static bool NotModified(this HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.ToString() is { Length: > 0 } header
        && header.Split(',').Select(t => t.Trim()).Any(t => t == etag || t == "*" || t == "W/" + etag);

    /// <summary>True when the request carries If-Match and it does not name <paramref name="etag"/> (answer 412).</summary>
    public static bool PreconditionFails(this HttpRequest request, string etag) =>
        request.Headers.IfMatch.ToString() is { Length: > 0 } header
        && !header.Split(',').Select(t => t.Trim()).Any(t => t == etag || t == "*");

    /// <summary>
    /// Reads a PATCH body: the fields as <typeparamref name="T"/>, and which of them were sent at all, so that a field
    /// left out keeps its value while <c>null</c> clears it. A body that is not a JSON object of that shape is 400.
    /// </summary>
    public static async Task<(T? Body, IReadOnlySet<string> Sent, IResult? Error)> ReadPatchAsync<T>(this HttpRequest request, string what, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, EmptySet, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be a JSON object."));
            var body = document.RootElement.Deserialize<T>(JsonWeb)!;
            var sent = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return (body, sent, null);
        }
        catch (JsonException e)
        {
            return (null, EmptySet, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The body is not {what} in JSON.", detail: e.Message));
        }
    }

    private static readonly JsonSerializerOptions JsonWeb = new(JsonSerializerDefaults.Web);
    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    public static IResult PreconditionFailed() => Results.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: "The resource changed since you read it.",
        detail: "Read it again (GET) and send the new ETag in If-Match.");
}
