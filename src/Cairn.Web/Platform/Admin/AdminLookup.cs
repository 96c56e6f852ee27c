namespace Cairn.Web.Platform.Admin;

/// <summary>One suggestion of an autocomplete: the key and how it reads.</summary>
public sealed record LookupOption(string Key, string Label);

/// <summary>
/// Where a foreign key's values come from: a server-side search that answers a few suggestions, and the label of
/// one key. Both read through the workspace's filters, so a key of another workspace is never suggested, shown
/// or accepted.
/// </summary>
public abstract class AdminLookup
{
    public const int MaxSuggestions = 20;

    /// <summary>What it looks up, singular ("category", "member").</summary>
    public abstract string Noun { get; }

    public abstract Task<IReadOnlyList<LookupOption>> SuggestAsync(CairnDbContext db, string? words, CancellationToken cancellationToken);

    /// <summary>The label of <paramref name="key"/>, or null when this workspace has no such row.</summary>
    public abstract Task<string?> LabelAsync(CairnDbContext db, object key, CancellationToken cancellationToken);

    /// <summary>The labels of several keys (stored form) in one query; keys this workspace does not have are left out.</summary>
    public abstract Task<IReadOnlyDictionary<string, string>> LabelsAsync(CairnDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}

/// <summary>The rows of a registered entity, searched with its search fields and shown with its display.</summary>
internal sealed class RegistrationLookup(AdminRegistration target) : AdminLookup
{
    public override string Noun => target.Label;

    public override Task<IReadOnlyList<LookupOption>> SuggestAsync(CairnDbContext db, string? words, CancellationToken cancellationToken) =>
        target.SuggestAsync(db, words, cancellationToken);

    public override async Task<string?> LabelAsync(CairnDbContext db, object key, CancellationToken cancellationToken) =>
        await target.LabelAsync(db, Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture)!, cancellationToken);

    public override Task<IReadOnlyDictionary<string, string>> LabelsAsync(CairnDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        target.LabelsAsync(db, keys, cancellationToken);
}

/// <summary>People: the members of the current workspace only (a user of another workspace is no one here).</summary>
internal sealed class MemberLookup : AdminLookup
{
    public static readonly MemberLookup Instance = new();

    public override string Noun => "member";

    public override async Task<IReadOnlyList<LookupOption>> SuggestAsync(CairnDbContext db, string? words, CancellationToken cancellationToken)
    {
        var members = db.Memberships.AsNoTracking().Select(m => m.User!);
        foreach (var word in AdminSearch.Words(words))
            members = members.Where(u => u.DisplayName.ToLower().Contains(word) || (u.Email != null && u.Email.ToLower().Contains(word)));
        var found = await members.OrderBy(u => u.DisplayName).Take(MaxSuggestions)
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return [.. found.Select(u => new LookupOption(u.Id.ToString(), $"{u.DisplayName} ({u.Email})"))];
    }

    public override async Task<string?> LabelAsync(CairnDbContext db, object key, CancellationToken cancellationToken)
    {
        if (key is not Guid id) return null;
        var user = await db.Memberships.AsNoTracking().Where(m => m.UserId == id)
            .Select(m => new { m.User!.DisplayName, m.User.Email }).FirstOrDefaultAsync(cancellationToken);
        return user is null ? null : $"{user.DisplayName} ({user.Email})";
    }

    public override async Task<IReadOnlyDictionary<string, string>> LabelsAsync(CairnDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var ids = keys.Select(k => Guid.TryParse(k, out var id) ? id : (Guid?)null).OfType<Guid>().ToList();
        var users = await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.UserId))
            .Select(m => new { m.UserId, m.User!.DisplayName, m.User.Email }).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.UserId.ToString(), u => $"{u.DisplayName} ({u.Email})");
    }
}

/// <summary>How the admin splits a search into words: lower case, at most <see cref="ChangeListRequest.MaxSearchLength"/> characters.</summary>
public static class AdminSearch
{
    public static IEnumerable<string> Words(string? search) =>
        string.IsNullOrWhiteSpace(search)
            ? []
            : search[..Math.Min(search.Length, ChangeListRequest.MaxSearchLength)].ToLowerInvariant()
                .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
