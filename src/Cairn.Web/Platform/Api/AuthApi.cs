using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Api;

public sealed record TokenRequest(string? Email, string? Password);

public sealed record RefreshRequest([property: JsonPropertyName("refresh_token")] string? RefreshToken);

/// <summary>
/// <c>/api/v1/auth</c>: access tokens (minutes) with single-use refresh tokens (days), as SimpleJWT gives DRF.
/// Tokens are bound to the workspace they were issued on; the password check counts towards lockout like the
/// login page, and only members of the workspace get tokens.
/// </summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapApiV1("auth").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimits.AuthPolicy);
        auth.MapPost("/token", TokenAsync).WithName("Auth.Token")
            .WithSummary("Trade an email and password for an access token and a refresh token")
            .Produces<TokenPair>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new TokenRequest("ada@example.com", "correct horse battery staple"), ExamplePair);
        auth.MapPost("/refresh", RefreshAsync).WithName("Auth.Refresh")
            .WithSummary("Trade a refresh token (once) for a new pair; a reused one revokes its whole family")
            .Produces<TokenPair>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new RefreshRequest(ExamplePair.RefreshToken), ExamplePair with { RefreshToken = "Wm3kQ0pXb7rT2vN8cY5hL1sD4fG6jA9eU0iO3uR7yE2" });
        auth.MapPost("/revoke", RevokeAsync).WithName("Auth.Revoke")
            .WithSummary("Revoke a refresh token and every token refreshed from the same sign-in (RFC 7009: 200 even if unknown)")
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new RefreshRequest(ExamplePair.RefreshToken));
        return endpoints;
    }

    private static readonly TokenPair ExamplePair = new(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMTlhMjE4Yi1jNjhmIiwiY2Fpcm46d29ya3NwYWNlIjoiYWNtZSJ9.c2lnbmF0dXJl",
        "Bearer", 900, "uGz4bq1vYc0n6m3QeXw8Rk2TjLp5sA7dF9hJ0kN1oP4");

    private static async Task<IResult> TokenAsync(TokenRequest request, PasswordSignIn passwords, CairnDbContext db, ITenantContext tenant, RefreshTokenService refreshTokens, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.Email)) errors.Add(("email", "Enter your email address."));
        if (string.IsNullOrEmpty(request.Password)) errors.Add(("password", "Enter your password."));
        if (errors.Count > 0) return ApiResults.Invalid(errors);

        var refused = Unauthorized("The email or password is wrong, or the account is not a member of this workspace.");
        var check = await passwords.CheckAsync(request.Email!, request.Password!, cancellationToken);
        if (check.Outcome == PasswordSignIn.Outcome.LockedOut) return Unauthorized(check.WaitMessage);
        if (check.User is not { } user || !check.Succeeded) return refused;
        if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id, cancellationToken)) return refused;
        return Results.Ok(await refreshTokens.IssueAsync(user, tenant.Current!, cancellationToken));
    }

    private static async Task<IResult> RefreshAsync(RefreshRequest request, UserManager<CairnUser> users, CairnDbContext db,
        ITenantContext tenant, RefreshTokenService refreshTokens, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken)) return ApiResults.Invalid([("refresh_token", "Send the refresh token.")]);
        var (outcome, pair) = await refreshTokens.RefreshAsync(request.RefreshToken, tenant.Current!, async userId =>
            await db.Memberships.AnyAsync(m => m.UserId == userId, cancellationToken) ? await users.FindByIdAsync(userId.ToString()) : null,
            cancellationToken);
        return outcome switch
        {
            RefreshOutcome.Refreshed => Results.Ok(pair),
            RefreshOutcome.Reused => Unauthorized("This refresh token was already used. Every token of its sign-in is revoked now: sign in again."),
            RefreshOutcome.Expired => Unauthorized("This refresh token has expired: sign in again."),
            _ => Unauthorized("This refresh token is not valid here: sign in again."),
        };
    }

    private static async Task<IResult> RevokeAsync(RefreshRequest request, RefreshTokenService refreshTokens, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken)) return ApiResults.Invalid([("refresh_token", "Send the refresh token.")]);
        await refreshTokens.RevokeAsync(request.RefreshToken, cancellationToken);
        return Results.Ok();
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in.", detail: detail);
}
