using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Cairn.Web.Modules.Blog.Conduit;

/// <summary>Who calls the API: the user of a valid token for this workspace, or nobody.</summary>
public sealed class ConduitCaller
{
    public Guid? UserId { get; private set; }

    public Guid Id => UserId ?? throw new InvalidOperationException("No authenticated caller.");

    /// <summary>Reads the token; false when one was sent but is invalid, expired, or for another workspace.</summary>
    internal async Task<bool> AuthenticateAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0) return true;
        var result = await context.AuthenticateAsync(ApiTokens.Scheme);
        if (!result.Succeeded || !Guid.TryParse(result.Principal.FindFirstValue("sub"), out var id)) return false;
        UserId = id;
        return true;
    }

    /// <summary>True when the caller may write here (Member, Admin or Owner); Viewers and former members may not.</summary>
    public async Task<bool> IsWriterAsync(CairnDbContext db, CancellationToken cancellationToken) =>
        await RoleAsync(db, cancellationToken) is { } role && role.AtLeast(WorkspaceRole.Member);

    /// <summary>The caller's role in this workspace, or null when not a member.</summary>
    public Task<WorkspaceRole?> RoleAsync(CairnDbContext db, CancellationToken cancellationToken) =>
        db.Memberships.Where(m => m.UserId == Id).Select(m => (WorkspaceRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
}

/// <summary>Endpoint filter: authenticates the token, and with <c>required</c> refuses calls without one (401).</summary>
internal sealed class ConduitAuthFilter(bool required) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = context.HttpContext.RequestServices.GetRequiredService<ConduitCaller>();
        if (!await caller.AuthenticateAsync(context.HttpContext) || (required && caller.UserId is null))
            return ConduitResults.Unauthorized();
        return await next(context);
    }
}

/// <summary>Endpoint filter: on a members-only blog, only members of the workspace read it through the API.</summary>
internal sealed class ConduitReaderFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        var access = services.GetRequiredService<BlogAccess>();
        if (await access.MembersOnlyAsync(context.HttpContext.RequestAborted))
        {
            var caller = services.GetRequiredService<ConduitCaller>();
            if (!await caller.AuthenticateAsync(context.HttpContext) || caller.UserId is null) return ConduitResults.Unauthorized();
            if (await caller.RoleAsync(services.GetRequiredService<CairnDbContext>(), context.HttpContext.RequestAborted) is null)
                return TypedResults.Json(ErrorsResponse.Of("blog", "is for members only"), statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context);
    }
}

internal static class ConduitResults
{
    public static IResult Unauthorized() =>
        TypedResults.Json(ErrorsResponse.Of("token", "is missing, invalid or for another workspace"), statusCode: StatusCodes.Status401Unauthorized);

    public static IResult Forbidden(string what) =>
        TypedResults.Json(ErrorsResponse.Of(what, "is not yours to change"), statusCode: StatusCodes.Status403Forbidden);

    public static IResult NotFound(string what) =>
        TypedResults.Json(ErrorsResponse.Of(what, "not found"), statusCode: StatusCodes.Status404NotFound);

    public static IResult NotAWriter() =>
        TypedResults.Json(ErrorsResponse.Of("workspace", "only members may write"), statusCode: StatusCodes.Status403Forbidden);

    public static IResult MissingBody(string envelope) => Invalid(envelope, "is missing");

    public static IResult Invalid(string field, string message) =>
        TypedResults.Json(ErrorsResponse.Of(field, message), statusCode: StatusCodes.Status422UnprocessableEntity);

    public static IResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.Json(new ErrorsResponse(errors), statusCode: StatusCodes.Status422UnprocessableEntity);

    public static RouteHandlerBuilder WithToken(this RouteHandlerBuilder route, bool required) =>
        route.AddEndpointFilter(new ConduitAuthFilter(required));
}
