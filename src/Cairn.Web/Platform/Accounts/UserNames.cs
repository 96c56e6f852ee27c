using System.Text;

namespace Cairn.Web.Platform.Accounts;

public static class UserNames
{
    public const int MaxLength = 40;

    /// <summary>A handle suggested from an email's local part: letters, digits, '-' and '_' only.</summary>
    public static string FromEmail(string email)
    {
        var local = email.Split('@')[0];
        var handle = new StringBuilder();
        foreach (var c in local)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_') handle.Append(char.ToLowerInvariant(c));
            if (handle.Length == MaxLength) break;
        }

        return handle.Length > 0 ? handle.ToString() : "user";
    }
}
