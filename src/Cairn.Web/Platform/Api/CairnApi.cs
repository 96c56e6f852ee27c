using System.Globalization;
using System.Text.RegularExpressions;
using Asp.Versioning;
using Asp.Versioning.Builder;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Api;

/// <summary>
/// The conventions every module's JSON API follows (DRF's job): URL-segment versions (<c>/api/v1/…</c>) with
/// Asp.Versioning, sign-in by cookie or token, RFC 7807 problem details for every error, one list shape with
/// Link headers, and ETags. Modules hang their endpoints on <see cref="MapApiV1"/>.
/// </summary>
public static partial class CairnApi
{
    public static readonly ApiVersion V1 = new(1, 0);

    /// <summary>Every version served; an address naming another answers 400 listing these.</summary>
    public static readonly IReadOnlyList<ApiVersion> Supported = [V1];

    /// <summary>Signed in with the site's cookie or with an API token (<c>Authorization: Bearer …</c> or <c>Token …</c>).</summary>
    public const string SignedIn = "Api.SignedIn";

    /// <summary>
    /// Admits everyone, but reads the caller's cookie or API token first, so that an endpoint outside <c>/api</c> that
    /// programs also fetch (a recipe photo) knows a token-holding member from a stranger.
    /// </summary>
    public const string Anyone = "Api.Anyone";

    public static IHostApplicationBuilder AddCairnApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddApiVersioning(options =>
        {
            options.DefaultApiVersion = V1;
            options.ReportApiVersions = true;
            options.ApiVersionReader = new UrlSegmentApiVersionReader();
        }).AddApiExplorer(options =>
        {
            // Each version is its own OpenAPI document ("v1"), with the version written into the paths.
            options.GroupNameFormat = "'v'V";
            options.SubstituteApiVersionInUrl = true;
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(SignedIn, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiTokens.Scheme)
            .RequireAuthenticatedUser())
            .AddPolicy(Anyone, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiTokens.Scheme)
                .RequireAssertion(_ => true));
        return builder;
    }

    /// <summary>Answers <c>/api/v{n}/…</c> for a version not served with 400 and the supported versions, before routing.</summary>
    public static IApplicationBuilder UseApiVersionCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (VersionedPath().Match(context.Request.Path.Value ?? "") is { Success: true } match
            && !Supported.Any(v => string.Equals(v.MajorVersion?.ToString(CultureInfo.InvariantCulture), match.Groups[1].Value, StringComparison.Ordinal)
                && v.MinorVersion == 0 && match.Groups[2].Value is "" or ".0"))
        {
            var supported = Supported.Select(v => $"v{v.MajorVersion}").ToArray();
            context.Response.Headers["api-supported-versions"] = string.Join(", ", Supported.Select(v => v.ToString()));
            await Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Unsupported API version",
                detail: $"This server does not serve API version '{match.Groups[1].Value}{match.Groups[2].Value}'. Supported: {string.Join(", ", supported)}.",
                type: "https://cairn.dev/problems/unsupported-api-version",
                extensions: new Dictionary<string, object?> { ["supportedVersions"] = supported }).ExecuteAsync(context);
            return;
        }

        await next();
    });

    [GeneratedRegex(@"^/api/v(\d+)(\.\d+)?(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex VersionedPath();

    /// <summary>
    /// The v1 route group: <c>/api/v1</c>, signed-in callers only (modules may allow anonymous endpoints). Modules
    /// add a workspace-role policy (<see cref="Tenancy.Policies"/>) and check objects with <see cref="Tenancy.WorkspacePermissions"/>.
    /// </summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder endpoints, string prefix)
    {
        ApiVersionSet versions = endpoints.NewApiVersionSet().HasApiVersion(V1).ReportApiVersions().Build();
        return endpoints.MapGroup($"/api/v{{version:apiVersion}}/{prefix.Trim('/')}")
            .WithApiVersionSet(versions)
            .MapToApiVersion(V1)
            .RequireAuthorization(SignedIn);
    }
}
