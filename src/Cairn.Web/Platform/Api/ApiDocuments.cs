using Asp.Versioning.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Cairn.Web.Platform.Api;

/// <summary>
/// The OpenAPI document of each API version (<c>/openapi/v1.json</c>, Microsoft.AspNetCore.OpenApi) and the
/// interactive explorer at <c>/api/docs</c> (Scalar): DRF's browsable API. A signed-in browser's calls carry its
/// cookie; other clients paste a token. The committed copies live in docs/api/ and a test keeps them equal.
/// </summary>
public static class ApiDocuments
{
    public const string CookieScheme = "cookie";
    public const string BearerScheme = "bearer";

    public static IHostApplicationBuilder AddCairnApiDocuments(this IHostApplicationBuilder builder)
    {
        foreach (var version in CairnApi.Supported)
        {
            var name = $"v{version.MajorVersion}";
            builder.Services.AddOpenApi(name, options =>
            {
                options.ShouldInclude = description => description.GroupName == name;
                options.AddOperationTransformer(ApiExamples.ApplyAsync);
                options.AddDocumentTransformer((document, context, _) =>
                {
                    document.Info = new OpenApiInfo
                    {
                        Title = "Cairn API",
                        Version = name,
                        Description = "The workspace's tasks (and, as they arrive, its other modules) for programs. Call it on the "
                            + "workspace's own host (https://acme.example.com/api/v1/…) or send the workspace in the X-Tenant header. "
                            + "Sign in with the site's cookie, or send an API token as `Authorization: Bearer <token>`. Errors are RFC 7807 "
                            + "problem details; invalid fields are 422 with `errors` per field; lists are pages with Link headers.",
                    };
                    // The server is the workspace's configured address, not whatever Host the request named.
                    if (context.ApplicationServices.GetRequiredService<IHttpContextAccessor>().HttpContext?.RequestServices is { } services
                        && services.GetRequiredService<ITenantContext>().Current is { } workspace)
                        document.Servers = [new OpenApiServer { Url = services.GetRequiredService<WorkspaceLinks>().OriginOf(workspace.Slug) }];
                    // The platform's own tag, then each module's, as the modules declare them.
                    document.Tags = new HashSet<OpenApiTag>(
                        context.ApplicationServices.GetRequiredService<ModuleCatalog>().All.SelectMany(m => m.ApiTags)
                            .Select(t => new OpenApiTag { Name = t.Name, Description = t.Description })
                            .Prepend(new OpenApiTag { Name = "Auth", Description = "Access tokens and single-use refresh tokens for this workspace." }));
                    document.Components ??= new OpenApiComponents();
                    document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                    {
                        [BearerScheme] = new OpenApiSecurityScheme
                        {
                            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                            Description = "An access token of this workspace from POST /api/v1/auth/token (or /refresh).",
                        },
                        [CookieScheme] = new OpenApiSecurityScheme
                        {
                            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = Accounts.AccountsExtensions.CookieName,
                            Description = "The site's sign-in cookie: a signed-in browser is already authenticated.",
                        },
                    };
                    document.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] },
                    ];
                    return Task.CompletedTask;
                });
            });
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapCairnApiDocuments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        endpoints.MapScalarApiReference("/api/docs", options => options
            .WithTitle("Cairn API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocuments(CairnApi.Supported.Select(v => $"v{v.MajorVersion}"))
            // Nothing that calls out of the workspace: no AI agent, MCP, telemetry or hosted developer tools.
            .DisableAgent().DisableMcp().DisableTelemetry().HideDeveloperTools());
        return endpoints;
    }
}
