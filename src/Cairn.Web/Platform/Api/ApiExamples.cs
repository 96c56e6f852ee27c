using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cairn.Web.Platform.Api;

/// <summary>An example of an endpoint's request body and of its answer, for the OpenAPI document (and so the explorer).</summary>
public sealed record ApiExample(object? Request, int Status, object? Response);

public static class ApiExamples
{
    /// <summary>
    /// Shows <paramref name="request"/> and the <paramref name="status"/> answer <paramref name="response"/> in the
    /// OpenAPI document, serialized exactly as the API serializes them. Typed examples (the API's own records)
    /// cannot drift from the schema; Redocly's linter checks every example against it.
    /// </summary>
    public static RouteHandlerBuilder WithExample(this RouteHandlerBuilder builder, object? request = null, object? response = null, int status = StatusCodes.Status200OK) =>
        builder.WithMetadata(new ApiExample(request, status, response));

    /// <summary>The operation transformer that writes the examples into the document.</summary>
    internal static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiExample>().LastOrDefault() is not { } example) return Task.CompletedTask;
        var json = context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        if (example.Request is { } request)
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
                media.Example = JsonSerializer.SerializeToNode(request, request.GetType(), json);
        if (example.Response is { } response
            && operation.Responses?.TryGetValue(example.Status.ToString(CultureInfo.InvariantCulture), out var answer) == true)
            foreach (var media in answer.Content?.Values ?? [])
                media.Example = JsonSerializer.SerializeToNode(response, response.GetType(), json);
        return Task.CompletedTask;
    }
}
