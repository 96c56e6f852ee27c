using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

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
    public static ProblemHttpResult Invalid(IEnumerable<(string Field, string Message)> errors) =>
        TypedResults.Problem(
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
    public static async Task<(T? Body, ApiFields Fields, ProblemHttpResult? Error)> ReadPatchAsync<T>(this HttpRequest request, string what, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, ApiFields.All, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be a JSON object."));
            var body = document.RootElement.Deserialize<T>(JsonWeb)!;
            var sent = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return (body, ApiFields.Sent(sent), null);
        }
        catch (JsonException e)
        {
            return (null, ApiFields.All, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The body is not {what} in JSON.", detail: e.Message));
        }
    }

    /// <summary>
    /// A PATCH handler in one line: reads the body as <see cref="ReadPatchAsync{T}"/> does and hands it, with the
    /// fields sent, to the same <paramref name="update"/> that PUT uses with <see cref="ApiFields.All"/>.
    /// </summary>
    public static async Task<Results<Ok<TResponse>, ProblemHttpResult>> PatchAsync<TRequest, TResponse>(
        this HttpRequest request, string what, Func<TRequest, ApiFields, Task<Results<Ok<TResponse>, ProblemHttpResult>>> update, CancellationToken cancellationToken)
        where TRequest : class
    {
        var (body, fields, error) = await request.ReadPatchAsync<TRequest>(what, cancellationToken);
        return error is not null ? error : await update(body!, fields);
    }

    private static readonly JsonSerializerOptions JsonWeb = new(JsonSerializerDefaults.Web);

    /// <summary>The answer to a read whose If-None-Match names the current ETag.</summary>
    public static StatusCodeHttpResult NotModified() => TypedResults.StatusCode(StatusCodes.Status304NotModified);

    /// <summary>
    /// The answer to a read of one resource: 304 when the request's If-None-Match names <paramref name="etag"/>,
    /// else 200 with the body and the ETag (the body is only built when it is sent).
    /// </summary>
    public static Results<Ok<T>, StatusCodeHttpResult, ProblemHttpResult> OkOrNotModified<T>(this HttpContext http, string etag, Func<T> body) =>
        http.Request.NotModified(etag) ? NotModified() : http.Response.Tagged(etag, TypedResults.Ok(body()));

    /// <summary><paramref name="result"/>, with <paramref name="etag"/> in the response's ETag header.</summary>
    public static TResult Tagged<TResult>(this HttpResponse response, string etag, TResult result)
        where TResult : IResult
    {
        response.Headers.ETag = etag;
        return result;
    }

    public static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: "The resource changed since you read it.",
        detail: "Read it again (GET) and send the new ETag in If-Match.");

    /// <summary>
    /// Not there, or not for this caller: the same answer for both, so that a stranger cannot tell which ids exist.
    /// </summary>
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no such {what}, or you may not see it.");

    /// <summary>A page number past the end of a list.</summary>
    public static ProblemHttpResult NoSuchPage(string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no such page.", detail: detail);

    public static ProblemHttpResult Forbidden(string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may not do this.", detail: detail);
}

/// <summary>
/// Which fields a write sets. A whole write (POST, PUT) sets every field it gives a value, and the fields it leaves out
/// take the defaults the handler starts from; a PATCH sets exactly the fields sent, where <c>null</c> clears one.
/// </summary>
public sealed class ApiFields
{
    private readonly IReadOnlySet<string>? _sent;

    private ApiFields(IReadOnlySet<string>? sent) => _sent = sent;

    /// <summary>A whole write: POST or PUT.</summary>
    public static ApiFields All { get; } = new(null);

    /// <summary>A PATCH that sent these fields (JSON names, any case).</summary>
    public static ApiFields Sent(IReadOnlySet<string> names) => new(names);

    public bool IsPatch => _sent is not null;

    /// <summary>True when the write sets the field: a PATCH that sent it, or a whole write that gives it a value.</summary>
    public bool Sets(string name, object? value) => _sent?.Contains(name) ?? value is not null;

    /// <summary>True when the write replaces the field even without a value: a whole write always does, a PATCH when it sent it.</summary>
    public bool Replaces(string name) => _sent?.Contains(name) ?? true;
}
