using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cairn.Web.Platform.Accounts;

/// <summary>The <c>Cairn:Jwt</c> section.</summary>
public sealed class JwtOptions
{
    public const string Section = "Cairn:Jwt";

    /// <summary>Base64 of at least 32 random bytes. Empty: a key is generated once and kept in the data folder.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "cairn";
    /// <summary>Lifetime of the RealWorld API's tokens (<c>POST /api/users/login</c>), which have no refresh.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Lifetime of access tokens from <c>/api/v1/auth/token</c> and <c>/refresh</c>.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of refresh tokens; each is single-use.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>
/// Signed JWTs for API clients. Each token names the user and the workspace it was issued for; the
/// "Token" scheme refuses it on any other workspace.
/// </summary>
public sealed class ApiTokens(JwtOptions options, SymmetricSecurityKey key, TimeProvider clock)
{
    public const string Scheme = "Token";
    public const string TenantClaim = "tenant";

    public string Issue(CairnUser user, TenantInfo tenant) => Issue(user, tenant, options.Lifetime);

    public string Issue(CairnUser user, TenantInfo tenant, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.UniqueName, user.UserName ?? ""),
                new Claim(TenantClaim, tenant.Slug),
                // A new security stamp (password or email changed, signed out everywhere) makes the token fail.
                new Claim(AccountSessions.StampClaim, AccountSessions.StampOf(user.SecurityStamp)),
            ]),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>The signing key: from configuration, else from <c>{DataDirectory}/jwt-signing.key</c>, created once.</summary>
    public static SymmetricSecurityKey LoadKey(JwtOptions options, CairnPaths paths)
    {
        if (options.SigningKey.Length > 0) return new SymmetricSecurityKey(Convert.FromBase64String(options.SigningKey));

        var file = Path.Combine(paths.KeysDirectory, "jwt-signing.key");
        if (!File.Exists(file))
        {
            try
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) create.UnixCreateMode = PrivateFiles.FileMode;
                using var stream = new FileStream(file, create);
                stream.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Select(c => (byte)c).ToArray());
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another instance sharing the folder wrote it first; use theirs.
            }
        }

        paths.EnsurePrivateFile(file);
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }
}

public static class ApiTokenExtensions
{
    public static IHostApplicationBuilder AddCairnApiTokens(this IHostApplicationBuilder builder, CairnPaths paths)
    {
        var options = builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        var key = ApiTokens.LoadKey(options, paths);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(key);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiTokens>();
        builder.Services.AddScoped<RefreshTokenService>();

        builder.Services.AddAuthentication().AddJwtBearer(ApiTokens.Scheme, jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Issuer,
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = JwtRegisteredClaimNames.UniqueName,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            jwt.Events = new JwtBearerEvents
            {
                // RealWorld clients send "Authorization: Token <jwt>"; "Bearer <jwt>" works too.
                OnMessageReceived = context =>
                {
                    var header = context.Request.Headers.Authorization.ToString();
                    if (header.StartsWith("Token ", StringComparison.OrdinalIgnoreCase)) context.Token = header[6..].Trim();
                    else if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) context.Token = header[7..].Trim();
                    // A browser's WebSocket cannot send headers: hubs take the token from the address.
                    else if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is [{ Length: > 0 } token]) context.Token = token;
                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    var tenant = context.HttpContext.RequestServices.GetRequiredService<ITenantContext>().Current;
                    if (tenant is null || context.Principal?.FindFirstValue(ApiTokens.TenantClaim) != tenant.Slug)
                    {
                        context.Fail("The token was issued for another workspace.");
                        return;
                    }
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<AccountSessions>();
                    if (!Guid.TryParse(context.Principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var userId)
                        || !await sessions.IsCurrentAsync(userId, context.Principal.FindFirstValue(AccountSessions.StampClaim), context.HttpContext.RequestAborted))
                        context.Fail("The token was revoked: the password or email changed, or the account signed out everywhere.");
                },
            };
        });
        return builder;
    }
}
