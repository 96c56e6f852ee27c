using Cairn.Web.Platform.Api;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

/// <summary>Sign-up, log-in, log-out and the profile page (roadmap week 4) under <c>/account</c>.</summary>
public static class AccountPages
{
    public static IHostApplicationBuilder AddAccountPages(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RazorPagesOptions>(options =>
        {
            options.Conventions.AuthorizePage("/Account/Profile");
            // Each sign-up sends an email: the sign-in budget per address keeps anyone from flooding a mailbox.
            foreach (var mailing in new[] { "/Account/Signup", "/Account/Forgot" })
                options.Conventions.AddPageApplicationModelConvention(mailing, page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.AuthPolicy)));
        });
        builder.Services.AddJob<SendPasswordReset, PasswordResetEmailJob>();
        // Reset links work for as long as sign-up links, which the "check your inbox" page states.
        builder.Services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = SignupLinks.Lifetime);
        return builder;
    }

    /// <summary>Only a local path may be a return address, so a link cannot send a user to another site.</summary>
    public static string SafeReturnUrl(this PageModel page, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && page.Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
