using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>The <c>Cairn:Accounts</c> section.</summary>
public sealed class AccountOptions
{
    public const string Section = "Cairn:Accounts";

    /// <summary>Failed sign-ins for one email from one address before that address must wait (see <see cref="SignInThrottle"/>).</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>The longest wait: the first is 30 seconds, each further failure doubles it up to this.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>PBKDF2-HMAC-SHA512 iterations; OWASP's 2023 figure is 210,000. Older hashes are upgraded at the next sign-in.</summary>
    public int PasswordHashIterations { get; set; } = 210_000;

    /// <summary>
    /// Domain of the sign-in cookie, e.g. <c>.example.com</c> so that one sign-in covers every workspace host.
    /// Empty (the default): each host has its own sign-in (browsers refuse such cookies for <c>localhost</c>).
    /// </summary>
    public string CookieDomain { get; set; } = "";

    /// <summary>
    /// How often a sign-in cookie's security stamp is checked against the account's; after a password change or
    /// "sign out everywhere", other cookies fail at their next check. Zero: on every request.
    /// </summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest avatar upload, in bytes.</summary>
    public long MaxAvatarBytes { get; set; } = 1024 * 1024;
}

public static class AccountsExtensions
{
    public const string CookieName = "cairn.auth";

    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(14);

    public static IHostApplicationBuilder AddCairnAccounts(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AccountOptions.Section);
        var settings = section.Get<AccountOptions>() ?? new AccountOptions();
        builder.Services.Configure<AccountOptions>(section);
        builder.Services.AddScoped<UserClock>();
        // Sign-up, shared by the sign-up page and the RealWorld API: the account, its joining, and its emails.
        builder.Services.AddScoped<AccountSignup>();
        builder.Services.AddSingleton<SignupLinks>();
        builder.Services.AddJob<SendWelcomeEmail, WelcomeEmailJob>();
        builder.Services.AddJob<SendSignupLink, SignupLinkJob>();
        builder.Services.AddJob<SendSignupAttempt, SignupAttemptJob>();

        builder.Services.Configure<PasswordHasherOptions>(options =>
        {
            options.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            options.IterationCount = settings.PasswordHashIterations;
        });

        builder.Services
            .AddIdentity<CairnUser, IdentityRole<Guid>>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
                options.Password.RequiredLength = PasswordRules.MinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = settings.MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = settings.LockoutDuration;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<CairnDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordRules>()
            .AddClaimsPrincipalFactory<CairnClaimsFactory>();

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            if (settings.CookieDomain.Length > 0) options.Cookie.Domain = settings.CookieDomain;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = CookieLifetime;
            // API clients get status codes, not redirects to the login page.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            // A session id in every cookie, the same one when the cookie is renewed in a signed-in request.
            options.Events.OnSigningIn = context =>
            {
                if (context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity && !identity.HasClaim(c => c.Type == CookieSessions.Claim))
                {
                    var current = context.HttpContext.User;
                    var same = current.UserId() is { } id && id == context.Principal.UserId();
                    identity.AddClaim(new System.Security.Claims.Claim(CookieSessions.Claim,
                        same && current.FindFirst(CookieSessions.Claim)?.Value is { } kept ? kept : CookieSessions.NewId()));
                }
                return Task.CompletedTask;
            };
            // A logged-out session's cookie is refused before Identity checks its security stamp.
            var checkStamp = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                if (context.Principal?.FindFirst(CookieSessions.Claim)?.Value is { } session
                    && await CookieSessions.IsEndedAsync(context.HttpContext.RequestServices.GetRequiredService<CairnDbContext>(), session, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    return;
                }
                await checkStamp(context);
            };
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });

        builder.Services.AddSingleton<Media.ImagePipeline>();
        builder.Services.AddScoped<AvatarStore>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<SignInThrottle>();
        builder.Services.AddScoped<AccountSessions>();
        builder.Services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = settings.SessionCheckInterval;
            // A cookie renewed after its stamp check keeps its session id.
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(CookieSessions.Claim) is { } session
                    && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity && !identity.HasClaim(c => c.Type == CookieSessions.Claim))
                    identity.AddClaim(new System.Security.Claims.Claim(CookieSessions.Claim, session.Value));
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
