using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>Claims Cairn adds to the sign-in cookie so pages can show the user without a query.</summary>
public static class CairnClaims
{
    public const string DisplayName = "cairn:display_name";
    public const string Avatar = "cairn:avatar";
    public const string PlatformAdmin = "cairn:platform_admin";
    public const string TimeZone = "cairn:time_zone";

    /// <summary>The user's id: the cookie's name identifier, or an API token's <c>sub</c>.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub"), out var id) ? id : null;

    public static string DisplayNameOf(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(DisplayName) is { Length: > 0 } name ? name : principal.Identity?.Name ?? "";

    public static bool IsPlatformAdmin(this ClaimsPrincipal principal) => principal.HasClaim(PlatformAdmin, "true");
}

public sealed class CairnClaimsFactory(UserManager<CairnUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CairnUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CairnUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CairnClaims.DisplayName, user.DisplayName));
        if (user.AvatarUrl is { } avatar) identity.AddClaim(new Claim(CairnClaims.Avatar, avatar));
        identity.AddClaim(new Claim(CairnClaims.TimeZone, user.TimeZone));
        if (user.IsPlatformAdmin) identity.AddClaim(new Claim(CairnClaims.PlatformAdmin, "true"));
        return identity;
    }
}
