using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Cairn.Web.Platform.Web;

/// <summary>
/// Answers 413 at once when a request announces a body larger than the server accepts, before any form
/// or antiforgery code tries to read it (which would otherwise report a generic 400). An endpoint that takes
/// larger bodies (photo uploads) says so with <c>[RequestSizeLimit]</c>; its limit applies here, and to the body.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } endpointLimit } && feature is { IsReadOnly: false })
            feature.MaxRequestBodySize = endpointLimit;
        var limit = feature?.MaxRequestBodySize;
        if (limit is { } max && context.Request.ContentLength > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.Headers.Connection = "close";
            return Task.CompletedTask;
        }

        return next(context);
    }
}
