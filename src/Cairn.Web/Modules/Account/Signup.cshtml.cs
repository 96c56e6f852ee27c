using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

/// <summary>
/// The sign-up form. It checks the form, then answers "check your inbox" whether or not the email has an account
/// (so the page tells no one which addresses do); the mailed link finishes the sign-up (<see cref="ConfirmModel"/>).
/// </summary>
public sealed class SignupModel(AccountSignup signup, ITenantContext tenant, WorkspaceJoining joining) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(254)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a username.")]
        [StringLength(UserNames.MaxLength, MinimumLength = 2, ErrorMessage = "The username must be 2 to 40 characters long.")]
        [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Use letters, digits, '-' and '_' only.")]
        [Display(Name = "Username")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Enter the name people will see.")]
        [StringLength(100)]
        [Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The secret token of an invitation link (<c>/join/{token}</c> sends it here).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Invite { get; set; }

    public string WorkspaceName => tenant.Current!.Name;

    /// <summary>What signing up here will do about joining: null when it joins, else why it will not.</summary>
    public string? JoinNotice { get; private set; }

    public WorkspaceRole? JoinRole { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var decision = await joining.DecideAsync(Input.Email, emailConfirmed: true, Invite, cancellationToken);
        JoinRole = decision.Role;
        JoinNotice = decision.Refusal;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();

        var result = await signup.RequestAsync(Input.Email.Trim(), Input.UserName.Trim(), Input.DisplayName.Trim(), Input.Password, Invite,
            this.SafeReturnUrl(ReturnUrl), cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(FieldOf(error), error.Description);
            return Page();
        }
        return RedirectToPage("/Account/CheckEmail");
    }

    private static string FieldOf(IdentityError error) => error.Code switch
    {
        var code when code.Contains("Password", StringComparison.Ordinal) => "Input.Password",
        var code when code.Contains("Email", StringComparison.Ordinal) => "Input.Email",
        var code when code.Contains("UserName", StringComparison.Ordinal) => "Input.UserName",
        _ => "",
    };
}
