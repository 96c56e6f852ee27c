using Cairn.Web.Platform.Api;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Modules.Blog.Conduit;

/// <summary>RealWorld users and profiles: <c>/api/users</c>, <c>/api/user</c>, <c>/api/profiles/{username}</c>.</summary>
public static class ConduitUsersApi
{
    public static IEndpointRouteBuilder MapConduitUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Conduit");
        api.MapPost("/users", Register).WithName("Conduit.Register").WithToken(required: false).RequireRateLimiting(RateLimits.AuthPolicy);
        api.MapPost("/users/login", Login).WithName("Conduit.Login").RequireRateLimiting(RateLimits.AuthPolicy);
        api.MapGet("/user", CurrentUser).WithName("Conduit.CurrentUser").WithToken(required: true);
        api.MapPut("/user", UpdateUser).WithName("Conduit.UpdateUser").WithToken(required: true);
        api.MapGet("/profiles/{username}", GetProfile).WithName("Conduit.GetProfile").WithToken(required: false).AddEndpointFilter<ConduitReaderFilter>().CachedBlogRead();
        api.MapPost("/profiles/{username}/follow", Follow).WithName("Conduit.Follow").WithToken(required: true);
        api.MapDelete("/profiles/{username}/follow", Unfollow).WithName("Conduit.Unfollow").WithToken(required: true);
        return endpoints;
    }

    private static async Task<IResult> Register(UserEnvelope<NewUser> body, AccountSignup signup, ITenantContext tenant, ApiTokens tokens, CancellationToken cancellationToken)
    {
        if (body?.User is not { } input) return ConduitResults.MissingBody("user");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Username)) errors["username"] = ["can't be blank"];
        if (string.IsNullOrWhiteSpace(input.Email)) errors["email"] = ["can't be blank"];
        if (string.IsNullOrEmpty(input.Password)) errors["password"] = ["can't be blank"];
        if (errors.Count > 0) return ConduitResults.Invalid(errors);

        var user = new CairnUser { UserName = input.Username!.Trim(), Email = input.Email!.Trim(), DisplayName = input.Username.Trim() };
        // The same sign-up as the page's: account, membership and welcome email in one transaction.
        var outcome = await signup.CreateAsync(user, input.Password!, invitationToken: null, mustJoin: true, cancellationToken);
        if (!outcome.Result.Succeeded) return ConduitResults.Invalid(IdentityErrors(outcome.Result));
        // An invitation-only workspace takes no sign-ups through the API: its tokens need a membership.
        if (!outcome.Joined) return TypedResults.Json(ErrorsResponse.Of("workspace", outcome.NotJoined ?? "is invitation-only"), statusCode: StatusCodes.Status403Forbidden);
        return TypedResults.Created("/api/user", new UserEnvelope<UserResponse>(ToResponse(user, tokens.Issue(user, tenant.Current!))));
    }

    private static async Task<IResult> Login(UserEnvelope<LoginUser> body, PasswordSignIn passwords, CairnDbContext db, ITenantContext tenant, ApiTokens tokens, CancellationToken cancellationToken)
    {
        var refused = TypedResults.Json(ErrorsResponse.Of("email or password", "is invalid"), statusCode: StatusCodes.Status401Unauthorized);
        if (body?.User is null) return ConduitResults.MissingBody("user");
        if (string.IsNullOrWhiteSpace(body.User.Email) || string.IsNullOrEmpty(body.User.Password))
            return ConduitResults.Invalid("email or password", "can't be blank");

        // The login page's own check: lockout, rehash, and the same work for unknown emails.
        var check = await passwords.CheckAsync(body.User.Email, body.User.Password, cancellationToken);
        if (check.Outcome == PasswordSignIn.Outcome.LockedOut) return TypedResults.Json(ErrorsResponse.Of("email or password", check.WaitMessage), statusCode: StatusCodes.Status401Unauthorized);
        if (check.User is not { } user || !check.Succeeded) return refused;
        // An account that is not a member of this workspace cannot sign in to it.
        if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id, cancellationToken)) return refused;

        return TypedResults.Ok(new UserEnvelope<UserResponse>(ToResponse(user, tokens.Issue(user, tenant.Current!))));
    }

    private static async Task<IResult> CurrentUser(HttpContext context, ConduitCaller caller, UserManager<CairnUser> users)
    {
        var user = await users.FindByIdAsync(caller.Id.ToString());
        return user is null ? ConduitResults.Unauthorized() : TypedResults.Ok(new UserEnvelope<UserResponse>(ToResponse(user, TokenOf(context))));
    }

    private static async Task<IResult> UpdateUser(UserEnvelope<UpdateUser> body, HttpContext context, ConduitCaller caller, UserManager<CairnUser> users,
        AccountSessions sessions, ApiTokens tokens, ITenantContext tenant)
    {
        var user = await users.FindByIdAsync(caller.Id.ToString());
        if (user is null) return ConduitResults.Unauthorized();
        if (body?.User is not { } input) return ConduitResults.MissingBody("user");
        var stamp = user.SecurityStamp;

        if (input.Email is { } email && email.Trim() != user.Email)
        {
            var changed = await users.SetEmailAsync(user, email.Trim());
            if (!changed.Succeeded) return ConduitResults.Invalid(IdentityErrors(changed));
        }

        if (input.Username is { } name && name.Trim() != user.UserName)
        {
            var changed = await users.SetUserNameAsync(user, name.Trim());
            if (!changed.Succeeded) return ConduitResults.Invalid(IdentityErrors(changed));
        }

        if (!string.IsNullOrEmpty(input.Password))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var changed = await users.ResetPasswordAsync(user, token, input.Password);
            if (!changed.Succeeded) return ConduitResults.Invalid(IdentityErrors(changed));
        }

        if (input.Bio is { } bio)
        {
            if (bio.Length > 2000) return ConduitResults.Invalid("bio", "is too long (at most 2000 characters)");
            user.Bio = bio;
            await users.UpdateAsync(user);
        }

        // A new email or password gave the account a new stamp: every earlier token and refresh token is dead,
        // this one included, so the answer carries a fresh token.
        if (user.SecurityStamp != stamp)
        {
            await sessions.RevokeRefreshTokensAsync(user.Id, context.RequestAborted);
            return TypedResults.Ok(new UserEnvelope<UserResponse>(ToResponse(user, tokens.Issue(user, tenant.Current!))));
        }
        return TypedResults.Ok(new UserEnvelope<UserResponse>(ToResponse(user, TokenOf(context))));
    }

    private static async Task<IResult> GetProfile(string username, ConduitCaller caller, CairnDbContext db, CancellationToken cancellationToken)
    {
        var profile = await ProfileAsync(db, username, caller.UserId, cancellationToken);
        return profile is null ? ConduitResults.NotFound("profile") : TypedResults.Ok(new ProfileEnvelope(profile));
    }

    private static async Task<IResult> Follow(string username, ConduitCaller caller, CairnDbContext db, CancellationToken cancellationToken)
    {
        var followee = await MemberIdAsync(db, username, cancellationToken);
        if (followee is null) return ConduitResults.NotFound("profile");
        if (followee == caller.Id) return ConduitResults.Invalid("profile", "can't follow yourself");
        if (!await caller.IsWriterAsync(db, cancellationToken)) return ConduitResults.NotAWriter();
        if (!await db.Follows.AnyAsync(f => f.FollowerId == caller.Id && f.FolloweeId == followee, cancellationToken))
        {
            var follow = db.Follows.Add(new Follow { FollowerId = caller.Id, FolloweeId = followee.Value }).Entity;
            await db.SaveIdempotentAsync(follow, cancellationToken);
        }

        return TypedResults.Ok(new ProfileEnvelope((await ProfileAsync(db, username, caller.UserId, cancellationToken))!));
    }

    private static async Task<IResult> Unfollow(string username, ConduitCaller caller, CairnDbContext db, BlogCache cache, CancellationToken cancellationToken)
    {
        var followee = await MemberIdAsync(db, username, cancellationToken);
        if (followee is null) return ConduitResults.NotFound("profile");
        await db.Follows.Where(f => f.FollowerId == caller.Id && f.FolloweeId == followee).ExecuteDeleteAsync(cancellationToken);
        await cache.InvalidateAsync(cancellationToken);
        return TypedResults.Ok(new ProfileEnvelope((await ProfileAsync(db, username, caller.UserId, cancellationToken))!));
    }

    /// <summary>The profile of a member of this workspace; null for anyone else, so other workspaces' people stay unseen.</summary>
    internal static async Task<ProfileResponse?> ProfileAsync(CairnDbContext db, string username, Guid? viewer, CancellationToken cancellationToken)
    {
        var row = await db.Memberships
            .Where(m => m.User!.UserName == username)
            .Select(m => new
            {
                m.User!.UserName,
                m.User.Bio,
                m.User.AvatarFile,
                Following = viewer != null && db.Set<Follow>().Any(f => f.FollowerId == viewer && f.FolloweeId == m.UserId),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new ProfileResponse(row.UserName!, row.Bio, ConduitFormat.Image(row.AvatarFile), row.Following);
    }

    private static Task<Guid?> MemberIdAsync(CairnDbContext db, string username, CancellationToken cancellationToken) =>
        db.Memberships.Where(m => m.User!.UserName == username).Select(m => (Guid?)m.UserId).FirstOrDefaultAsync(cancellationToken);

    private static UserResponse ToResponse(CairnUser user, string token) =>
        new(user.Email!, token, user.UserName!, user.Bio, ConduitFormat.Image(user.AvatarFile));

    private static string TokenOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? header : header[(space + 1)..].Trim();
    }

    private static Dictionary<string, string[]> IdentityErrors(IdentityResult result) =>
        result.Errors
            .GroupBy(e => e.Code switch
            {
                var c when c.Contains("Password", StringComparison.Ordinal) => "password",
                var c when c.Contains("Email", StringComparison.Ordinal) => "email",
                var c when c.Contains("UserName", StringComparison.Ordinal) => "username",
                _ => "user",
            })
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
}
