using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

/// <summary>
/// The mailed sign-up link. Opening it shows what will be made; the button (a POST, so that mail scanners that
/// fetch links make nothing) creates the account with its email confirmed, joins as the workspace allows, and
/// signs in. A link works until the account exists: opened twice, it says so.
/// </summary>
public sealed class ConfirmModel(SignupLinks links, AccountSignup signup, UserManager<CairnUser> users, SignInManager<CairnUser> signIn,
    ITenantContext tenant, WorkspaceJoining joining) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public PendingSignup? Signup { get; private set; }

    /// <summary>Why the link cannot make an account, or null.</summary>
    public string? Problem { get; private set; }

    public string? JoinNotice { get; private set; }

    public WorkspaceRole? JoinRole { get; private set; }

    public string WorkspaceName => tenant.Current!.Name;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ReadAsync()) return Page();
        var decision = await joining.DecideAsync(Signup!.Email, emailConfirmed: true, Signup.Invite, cancellationToken);
        JoinRole = decision.Role;
        JoinNotice = decision.Refusal;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await ReadAsync()) return Page();
        var pending = Signup!;
        var user = new CairnUser
        {
            Email = pending.Email, UserName = pending.UserName, DisplayName = pending.DisplayName, PasswordHash = pending.PasswordHash,
            EmailConfirmed = true, // whoever opened the mailed link reads that mailbox
        };
        var outcome = await signup.CreateAsync(user, password: null, pending.Invite, mustJoin: false, cancellationToken);
        if (!outcome.Result.Succeeded)
        {
            Problem = outcome.Result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))
                ? $"Someone took the username '{pending.UserName}' after you asked for it. Sign up again with another one."
                : "This address has an account now: log in.";
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        if (outcome.Joined) TempData.Success($"Welcome to {tenant.Current!.Name}, {user.DisplayName}! Your account is ready.");
        else TempData.Warning($"Your account is ready, {user.DisplayName}, but you have not joined {tenant.Current!.Name}. {outcome.NotJoined}");
        return LocalRedirect(pending.ReturnUrl is { } back && Url.IsLocalUrl(back) ? back : "/");
    }

    private async Task<bool> ReadAsync()
    {
        Signup = links.Read(Token, tenant.Current!.Slug);
        if (Signup is null)
            Problem = "This link is not valid: it has expired, was changed, or belongs to another workspace. Sign up again to get a new one.";
        else if (await users.FindByEmailAsync(Signup.Email) is not null)
            Problem = "This address has an account already (the link was used): log in.";
        return Problem is null;
    }
}
