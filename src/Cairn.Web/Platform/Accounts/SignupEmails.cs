using System.Text.Json;
using Cairn.Web.Platform.Email;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>
/// A sign-up on the page, waiting for its email's owner to open the link: everything the account needs, the
/// password already hashed. It lives only inside the link's token, encrypted and signed with the data-protection
/// keys and valid for <see cref="SignupLinks.Lifetime"/>, so no half-made account exists until the link is opened.
/// </summary>
public sealed record PendingSignup(string Email, string UserName, string DisplayName, string PasswordHash, string Workspace, string? Invite, string? ReturnUrl);

/// <summary>Makes and reads the sign-up links' tokens.</summary>
public sealed class SignupLinks(IDataProtectionProvider protection)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Cairn.Account.Signup.v1").ToTimeLimitedDataProtector();

    public string Protect(PendingSignup signup) => _protector.Protect(JsonSerializer.Serialize(signup), Lifetime);

    /// <summary>The sign-up in <paramref name="token"/>, or null when it was altered, has expired, or belongs to another workspace.</summary>
    public PendingSignup? Read(string? token, string workspace)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4000) return null;
        try
        {
            var signup = JsonSerializer.Deserialize<PendingSignup>(_protector.Unprotect(token));
            return signup is not null && signup.Workspace == workspace ? signup : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>Mail the link that finishes a page sign-up (the token is the whole pending sign-up, encrypted).</summary>
public sealed record SendSignupLink(string Email, string Token) : IJobPayload;

/// <summary>Tell an account's owner that someone signed up with their address: the page said the same as for a new one.</summary>
public sealed record SendSignupAttempt(Guid UserId) : IJobPayload;

public sealed class SignupLinkJob(ITenantContext tenant, EmailComposer composer, IEmailSender sender) : IJobHandler<SendSignupLink>
{
    public async Task RunAsync(SendSignupLink payload, CancellationToken cancellationToken)
    {
        var workspace = tenant.Workspace();
        var text = $"""
            Hello,

            to finish creating your Cairn account on {workspace.Name}, open this link:

            {composer.Link(workspace.Slug, $"/account/confirm?token={Uri.EscapeDataString(payload.Token)}")}

            It works for {SignupLinks.Lifetime.TotalHours:0} hours. If you did not sign up, ignore this message: no account is made without it.
            """;
        await sender.SendAsync(composer.Create(payload.Email, payload.Email, $"Finish signing up to {workspace.Name}", text), cancellationToken);
    }
}

public sealed class SignupAttemptJob(UserManager<CairnUser> users, ITenantContext tenant, EmailComposer composer, IEmailSender sender) : IJobHandler<SendSignupAttempt>
{
    public async Task RunAsync(SendSignupAttempt payload, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(payload.UserId.ToString());
        var workspace = tenant.Workspace();
        if (user?.Email is null) return;
        var text = $"""
            Hello {user.DisplayName},

            someone, probably you, tried to sign up on {workspace.Name} with this address. You already have an account
            (@{user.UserName}), so nothing was created. Log in here:

            {composer.Link(workspace.Slug, "/account/login")}

            Forgot your password? Choose a new one: {composer.Link(workspace.Slug, "/account/forgot")}

            If it was not you, ignore this message: your account is unchanged.
            """;
        await sender.SendAsync(composer.Create(user.DisplayName, user.Email, $"You already have an account on {workspace.Name}", text), cancellationToken);
    }
}
