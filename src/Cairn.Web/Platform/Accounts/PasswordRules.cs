using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>
/// Password rules as NIST SP 800-63B advises: length, no composition rules, and a refusal of the
/// commonest passwords, of one repeated character, and of passwords built on the account's own names.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<CairnUser>
{
    public const int MinimumLength = 10;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonPasswords);

    public Task<IdentityResult> ValidateAsync(UserManager<CairnUser> manager, CairnUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success); // length rule reports it
        var lowered = password.ToLowerInvariant();

        if (IsCommon(password))
            return Fail("CommonPassword", "This password is one of the most common passwords. Choose a less guessable one.");
        if (lowered.Distinct().Count() == 1)
            return Fail("RepeatedPassword", "The password may not be one character repeated.");

        foreach (var own in OwnWords(user))
        {
            if (lowered.Contains(own, StringComparison.Ordinal))
                return Fail("PasswordContainsName", "The password may not contain your username or email address.");
        }

        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password) => Common.Value.Contains(password.ToLowerInvariant());

    private static IEnumerable<string> OwnWords(CairnUser user)
    {
        if (user.UserName is { Length: >= 4 } name) yield return name.ToLowerInvariant();
        if (user.Email?.Split('@')[0] is { Length: >= 4 } local) yield return local.ToLowerInvariant();
    }

    private static Task<IdentityResult> Fail(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Cairn.CommonPasswords")
            ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#')) set.Add(line);
        }

        return set;
    }
}
