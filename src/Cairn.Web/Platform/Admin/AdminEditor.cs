using Microsoft.AspNetCore.Http;

namespace Cairn.Web.Platform.Admin;

/// <summary>
/// What a module's rules get while an object is saved through the admin: who, when, whether it is new, which
/// fields the form changed, the request's services; and where to put an error the module finds.
/// </summary>
public sealed class AdminSave(IServiceProvider services, Guid userId, DateTime now, bool isNew, IReadOnlySet<string> changed)
{
    private readonly Dictionary<string, string> _errors = [];
    private readonly List<string> _formErrors = [];

    public IServiceProvider Services => services;
    public Guid UserId => userId;
    public DateTime Now => now;
    public bool IsNew => isNew;

    /// <summary>Whether the form changed <paramref name="field"/> (a property name); every field of a new object counts.</summary>
    public bool Changed(string field) => isNew || changed.Contains(field);

    /// <summary>Refuses the save with <paramref name="message"/> beside <paramref name="field"/> (or above the form when null).</summary>
    public void Error(string? field, string message)
    {
        if (field is null) _formErrors.Add(message);
        else _errors.TryAdd(field, message);
    }

    internal IReadOnlyDictionary<string, string> FieldErrors => _errors;
    internal IReadOnlyList<string> FormErrors => _formErrors;
}

/// <summary>A field another save changed after the form's copy was read: its label, the value the form was based on, the value now.</summary>
public sealed record AdminConflict(string Field, string Label, string Yours, string Now);

/// <summary>
/// A change form's state: what each input shows, the original values the form is based on (stored form, sent
/// back hidden, so that a save over a stale copy is caught), errors beside fields and above the form, and the
/// fields another save changed meanwhile.
/// </summary>
public sealed class AdminForm(AdminRegistration entity, string? key, string label)
{
    public AdminRegistration Entity => entity;
    public string? Key => key;
    public bool IsNew => key is null;
    public string Label { get; internal set; } = label;
    public Dictionary<string, string> Inputs { get; } = [];
    public Dictionary<string, string> Originals { get; } = [];
    public Dictionary<string, string> Errors { get; } = [];
    public List<string> FormErrors { get; } = [];
    public List<AdminConflict> Conflicts { get; } = [];

    /// <summary>The inlines under the form: how many rows point here, and the newest of them.</summary>
    public List<(AdminInline Inline, int Count, IReadOnlyList<LookupOption> Newest)> Inlines { get; } = [];
}

/// <summary>The end of a save: the saved object's key, or the form to show again; NotFound when the object is gone.</summary>
public sealed record AdminSaveResult(string? SavedKey, AdminForm? Form, bool NotFound = false);

/// <summary>
/// Opens, saves, deletes and reverts objects for the admin pages. Every save is one transaction that locks the
/// row, compares the form's copy with the stored values (optimistic concurrency that overwrites nothing), runs
/// the module's rules, saves, and logs each field's old and new value.
/// </summary>
public sealed class AdminEditor(CairnDbContext db, UserClock clock, IServiceProvider services, IHttpContextAccessor http)
{
    private System.Security.Claims.ClaimsPrincipal User => http.HttpContext?.User ?? throw new InvalidOperationException("The admin edits within a request.");

    private Guid UserId => User.UserId() ?? throw new InvalidOperationException("The admin edits as a signed-in user.");

    private AdminSave NewSave(bool isNew, IReadOnlySet<string> changed) => new(services, UserId, clock.UtcNow, isNew, changed);

    /// <summary>The form of a new object (defaults from the module), or of a stored one; null when there is none with that key.</summary>
    public async Task<AdminForm?> OpenAsync(AdminRegistration entity, string? key, CancellationToken cancellationToken)
    {
        var row = key is { } k ? await entity.FindAsync(db, k, cancellationToken) : entity.Create(NewSave(isNew: true, new HashSet<string>()));
        if (row is null) return null;
        var form = new AdminForm(entity, key, key is null ? $"New {entity.Label}" : await LabelAsync(entity, row, cancellationToken));
        await ShowAsync(form, row, cancellationToken);
        return form;
    }

    // Fills the inputs and the originals from a row (foreign keys with their labels, many-to-many links loaded).
    private async Task ShowAsync(AdminForm form, object row, CancellationToken cancellationToken)
    {
        if (form.Key is not null) await LoadLinksAsync(form.Entity, row, cancellationToken);
        foreach (var field in form.Entity.Fields)
        {
            var value = field.Get(row);
            form.Originals[field.Name] = field.Store(value);
            string? label = null;
            if (field is { Lookup: { } lookup, Kind: AdminFieldKind.Lookup } && value is not null) label = await lookup.LabelAsync(db, value, cancellationToken);
            form.Inputs[field.Name] = field.Input(value, clock, label);
        }
    }

    // A stored row's many-to-many links (one query per such field), so that they can be shown, compared and changed.
    private async Task LoadLinksAsync(AdminRegistration entity, object row, CancellationToken cancellationToken)
    {
        foreach (var field in entity.Fields.Where(f => f.Kind == AdminFieldKind.ManyToMany))
            await db.Entry(row).Collection(field.Name).LoadAsync(cancellationToken);
    }

    // The posted links of a many-to-many field: the ticked ones and those added by "#key" or "Label #key"; each must
    // be a row of this workspace. Returns the error, or null with the value ("Label #key" lines).
    private async Task<(string? Error, string Value)> ReadLinksAsync(AdminField field, IFormCollection posted, CancellationToken cancellationToken)
    {
        var keys = posted[field.Name].Where(k => k is { Length: > 0 and <= 64 }).Select(k => k!)
            .Concat(AdminField.KeysOf(posted[field.Name + ".add"].ToString())).Distinct().Take(200).ToList();
        var labels = await field.Lookup!.LabelsAsync(db, keys, cancellationToken);
        var missing = keys.Where(k => !labels.ContainsKey(k)).ToList();
        var value = string.Join('\n', labels.OrderBy(l => l.Key.Length).ThenBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Value} #{l.Key}"));
        return (missing.Count == 0 ? null : $"There is no such {field.Lookup.Noun} in this workspace: {string.Join(", ", missing.Select(k => "#" + k))}.", value);
    }

    // Links a row to exactly the rows of a many-to-many value.
    private async Task SetLinksAsync(AdminField field, object row, string value, CancellationToken cancellationToken)
    {
        var links = field.Links(row);
        links.Clear();
        foreach (var linked in await field.Target!.FindManyAsync(db, AdminField.KeysOf(value), cancellationToken)) links.Add(linked);
    }

    /// <summary>Saves the posted form as a new object (<paramref name="key"/> null) or over the stored one.</summary>
    public async Task<AdminSaveResult> SaveAsync(AdminRegistration entity, string? key, IFormCollection posted, CancellationToken cancellationToken,
        Func<AdminRegistration, AdminAction, bool>? allowed = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        object? row;
        if (key is { } k)
        {
            await entity.LockAsync(db, k, cancellationToken);
            row = await entity.FindAsync(db, k, cancellationToken);
            if (row is null) return new AdminSaveResult(null, null, NotFound: true);
            await LoadLinksAsync(entity, row, cancellationToken);
        }
        else
        {
            row = entity.Create(NewSave(isNew: true, new HashSet<string>()));
        }

        var form = new AdminForm(entity, key, key is null ? $"New {entity.Label}" : await LabelAsync(entity, row, cancellationToken));
        var editable = entity.Fields.Where(f => !f.ReadOnly).ToList();
        foreach (var field in entity.Fields)
        {
            form.Inputs[field.Name] = field.ReadOnly ? field.Input(field.Get(row), clock) : posted[field.Name].ToString();
            form.Originals[field.Name] = posted.TryGetValue("_orig." + field.Name, out var original) ? original.ToString() : field.Store(field.Get(row));
        }

        // Someone else's save since the form was read: show what changed, keep what was typed, overwrite nothing.
        // The form's copy becomes the stored one, so that saving again is a choice made knowing the new values.
        if (key is not null)
        {
            foreach (var field in editable)
            {
                var now = field.Store(field.Get(row));
                if (!field.Same(form.Originals[field.Name], now))
                    form.Conflicts.Add(new AdminConflict(field.Name, field.Label, field.Show(form.Originals[field.Name], clock), field.Show(now, clock)));
            }

            if (form.Conflicts.Count > 0)
            {
                foreach (var field in entity.Fields) form.Originals[field.Name] = field.Store(field.Get(row));
                return new AdminSaveResult(null, form);
            }
        }

        // Read every input; a foreign key must name a row of this workspace.
        var values = new Dictionary<AdminField, object?>();
        foreach (var field in editable)
        {
            if (field.Kind == AdminFieldKind.ManyToMany)
            {
                var (linkError, links) = await ReadLinksAsync(field, posted, cancellationToken);
                form.Inputs[field.Name] = links;
                if (linkError is not null) form.Errors[field.Name] = linkError;
                else values[field] = links;
                continue;
            }

            if (field.Parse(field.Kind == AdminFieldKind.Checkbox ? posted[field.Name].LastOrDefault() : posted[field.Name].ToString(), clock, out var value) is { } error)
            {
                form.Errors[field.Name] = error;
                continue;
            }

            if (field.Lookup is { } lookup && value is not null && !Equals(value, field.Get(row)) && await lookup.LabelAsync(db, value, cancellationToken) is null)
            {
                form.Errors[field.Name] = $"There is no such {lookup.Noun} in this workspace.";
                continue;
            }
            values[field] = value;
        }

        var inlineWork = key is null ? [] : await ReadInlinesAsync(entity, form, posted, allowed ?? ((_, _) => true), cancellationToken);
        if (form.Errors.Count > 0 || form.FormErrors.Count > 0) return new AdminSaveResult(null, form);

        var before = editable.ToDictionary(f => f, f => key is null ? "" : f.Store(f.Get(row)));
        var typed = new HashSet<string>();
        foreach (var (field, value) in values)
        {
            var now = field.Store(value);
            if (!field.Same(before[field], now)) typed.Add(field.Name);
            if (field.Kind == AdminFieldKind.ManyToMany) await SetLinksAsync(field, row, now, cancellationToken);
            else field.Set(row, value);
        }

        var save = NewSave(key is null, typed);
        await entity.ApplyRulesAsync(row, save, cancellationToken);
        // What the history keeps is what is stored: the values after the module's rules (a publication date it set).
        var changes = editable.Select(f => (Field: f, Now: f.Store(f.Get(row))))
            .Where(c => !c.Field.Same(before[c.Field], c.Now))
            .Select(c => new AdminFieldChange(c.Field.Name, c.Field.Label, before[c.Field], c.Now)).ToList();
        foreach (var (field, message) in save.FieldErrors) form.Errors[field] = message;
        form.FormErrors.AddRange(save.FormErrors);
        if (form.Errors.Count > 0 || form.FormErrors.Count > 0) return new AdminSaveResult(null, form);

        if (key is null) db.Add(row);
        if (key is null || changes.Count > 0)
        {
            if (await TrySaveAsync(form, cancellationToken) is false) return new AdminSaveResult(null, form);
            Log(entity, entity.KeyOf(row), await LabelAsync(entity, row, cancellationToken), key is null ? AdminLogAction.Added : AdminLogAction.Changed, changes);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (inlineWork.Count > 0 && !await SaveInlinesAsync(form, key!, inlineWork, cancellationToken)) return new AdminSaveResult(null, form);
        await transaction.CommitAsync(cancellationToken);
        return new AdminSaveResult(entity.KeyOf(row), null);
    }

    // What the inlines' inputs ask: rows to remove (ticked), and a row to add (its blank row filled in), read and
    // checked as the form's own fields are. Errors go beside the inline's inputs.
    private async Task<List<(AdminInline Inline, IReadOnlyList<string> Remove, Dictionary<AdminField, object?>? Add)>> ReadInlinesAsync(
        AdminRegistration entity, AdminForm form, IFormCollection posted, Func<AdminRegistration, AdminAction, bool> allowed, CancellationToken cancellationToken)
    {
        var work = new List<(AdminInline, IReadOnlyList<string>, Dictionary<AdminField, object?>?)>();
        foreach (var inline in entity.Inlines)
        {
            var remove = posted[inline.Prefix + "remove"].Where(k => k is { Length: > 0 and <= 64 }).Select(k => k!).Distinct().Take(AdminInline.Shown).ToList();
            if (remove.Count > 0 && !allowed(inline.Child, AdminAction.Delete))
                form.FormErrors.Add($"You may not remove {inline.Child.PluralLabel} here.");
            var typed = inline.Fields.ToDictionary(f => f, f => f.Kind == AdminFieldKind.Checkbox ? posted[inline.Prefix + "add." + f.Name].LastOrDefault() ?? "" : posted[inline.Prefix + "add." + f.Name].ToString());
            foreach (var (field, text) in typed) form.Inputs[inline.Prefix + "add." + field.Name] = text;
            Dictionary<AdminField, object?>? add = null;
            // A blank row (a checkbox's "false" counts as blank) adds nothing.
            if (typed.Any(t => t.Value.Trim().Length > 0 && t.Value != "false"))
            {
                if (!allowed(inline.Child, AdminAction.Add)) form.FormErrors.Add($"You may not add {inline.Child.PluralLabel} here.");
                add = [];
                foreach (var (field, text) in typed)
                {
                    if (field.Parse(text, clock, out var value) is { } error) form.Errors[inline.Prefix + "add." + field.Name] = error;
                    else if (field is { Kind: AdminFieldKind.Lookup, Lookup: { } lookup } && value is not null && await lookup.LabelAsync(db, value, cancellationToken) is null)
                        form.Errors[inline.Prefix + "add." + field.Name] = $"There is no such {lookup.Noun} in this workspace.";
                    else add[field] = value;
                }
            }

            if (remove.Count > 0 || add is not null) work.Add((inline, remove, add));
        }
        return work;
    }

    // Removes the ticked rows that do point at this object, and adds the new one with the child's defaults and rules;
    // each logged in the child's history. False (nothing kept: the transaction is not committed) on an error.
    private async Task<bool> SaveInlinesAsync(AdminForm form, string key, List<(AdminInline Inline, IReadOnlyList<string> Remove, Dictionary<AdminField, object?>? Add)> work, CancellationToken cancellationToken)
    {
        var logged = new List<(AdminInline Inline, object Row, string Label, AdminLogAction Action, List<AdminFieldChange> Changes)>();
        foreach (var (inline, remove, add) in work)
        {
            foreach (var childKey in remove)
            {
                // Only a row of this object: a key of another one's is ignored.
                if (await inline.Child.FindAsync(db, childKey, cancellationToken) is not { } child || inline.ForeignKey.Store(inline.ForeignKey.Get(child)) != key) continue;
                var label = await LabelAsync(inline.Child, child, cancellationToken);
                logged.Add((inline, child, label, AdminLogAction.Deleted, [.. inline.Child.Fields.Where(f => f.Kind != AdminFieldKind.ManyToMany).Select(f => new AdminFieldChange(f.Name, f.Label, f.Store(f.Get(child)), ""))]));
                db.Remove(child);
            }

            if (add is null) continue;
            var added = inline.Child.Create(NewSave(isNew: true, new HashSet<string>()));
            inline.ForeignKey.TryRestore(key, out var parentKey);
            inline.ForeignKey.Set(added, parentKey);
            foreach (var (field, value) in add) field.Set(added, value);
            var save = NewSave(isNew: true, add.Keys.Select(f => f.Name).ToHashSet());
            await inline.Child.ApplyRulesAsync(added, save, cancellationToken);
            foreach (var (field, message) in save.FieldErrors)
                if (inline.Fields.Any(f => f.Name == field)) form.Errors[inline.Prefix + "add." + field] = message;
                else form.FormErrors.Add($"{AdminText.Capitalised(inline.Child.Label)}: {message}");
            form.FormErrors.AddRange(save.FormErrors.Select(m => $"{AdminText.Capitalised(inline.Child.Label)}: {m}"));
            if (form.Errors.Count > 0 || form.FormErrors.Count > 0) return false;
            db.Add(added);
            logged.Add((inline, added, "", AdminLogAction.Added, []));
        }

        if (await TrySaveAsync(form, cancellationToken) is false) return false;
        foreach (var (inline, row, label, action, changes) in logged)
        {
            var entry = action == AdminLogAction.Added
                ? inline.Child.Fields.Where(f => !f.ReadOnly && f.Kind != AdminFieldKind.ManyToMany).Select(f => new AdminFieldChange(f.Name, f.Label, "", f.Store(f.Get(row)))).ToList()
                : changes;
            Log(inline.Child, inline.Child.KeyOf(row), action == AdminLogAction.Added ? await LabelAsync(inline.Child, row, cancellationToken) : label, action, entry);
        }
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Fills the form's inlines: how many rows point at the object, and the newest few.</summary>
    public async Task ShowInlinesAsync(AdminForm form, CancellationToken cancellationToken)
    {
        if (form.Key is not { } key) return;
        foreach (var inline in form.Entity.Inlines)
        {
            if (!inline.ForeignKey.TryRestore(key, out var typed) || typed is null) continue;
            var (count, newest) = await inline.Child.RowsPointingAtAsync(db, inline.ForeignKey.Name, typed, AdminInline.Shown, cancellationToken);
            form.Inlines.Add((inline, count, newest));
        }
    }

    // A unique index the values break (a slug another post has) is an error on the form, not a 500.
    private async Task<bool> TrySaveAsync(AdminForm form, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            form.FormErrors.Add($"Another {form.Entity.Label} already has one of these values; each must be unique in the workspace.");
            return false;
        }
    }

    /// <summary>Deletes one object (the database cascades what depends on it) and logs each field's last value. False when it was gone.</summary>
    public async Task<string?> DeleteAsync(AdminRegistration entity, string key, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await entity.LockAsync(db, key, cancellationToken);
        if (await entity.FindAsync(db, key, cancellationToken) is not { } row) return null;
        await LoadLinksAsync(entity, row, cancellationToken);
        var label = await LabelAsync(entity, row, cancellationToken);
        var last = entity.Fields.Select(f => new AdminFieldChange(f.Name, f.Label, f.Store(f.Get(row)), "")).ToList();
        db.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        Log(entity, key, label, AdminLogAction.Deleted, last);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return label;
    }

    /// <summary>One object's history, newest first (deleted objects keep theirs).</summary>
    public Task<List<AdminLogRecord>> HistoryAsync(AdminRegistration entity, string key, CancellationToken cancellationToken) =>
        AdminLogRecord.Of(db, entity).AsNoTracking()
            .Where(e => e.Module == entity.Module && e.Entity == entity.UrlName && e.ObjectKey == key)
            .OrderByDescending(e => e.Id).Take(200).ToListAsync(cancellationToken);

    /// <summary>The workspace's latest admin actions, newest first.</summary>
    public Task<List<AdminLogEntry>> RecentAsync(int count, CancellationToken cancellationToken) =>
        db.Set<AdminLogEntry>().AsNoTracking().OrderByDescending(e => e.Id).Take(count).ToListAsync(cancellationToken);

    /// <summary>The platform's latest admin actions (workspaces, users, memberships), newest first.</summary>
    public Task<List<PlatformLogEntry>> RecentOnThePlatformAsync(int count, CancellationToken cancellationToken) =>
        db.Set<PlatformLogEntry>().AsNoTracking().OrderByDescending(e => e.Id).Take(count).ToListAsync(cancellationToken);

    /// <summary>
    /// Puts back the old values of a logged change, if every field still holds the value the change gave it (else
    /// the conflicts are returned and nothing is written). The revert is logged, pointing at the entry it undid.
    /// </summary>
    public async Task<(bool Reverted, IReadOnlyList<string> Problems)> RevertAsync(AdminRegistration entity, string key, long entryId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entry = await AdminLogRecord.Of(db, entity).AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == entryId && e.Module == entity.Module && e.Entity == entity.UrlName && e.ObjectKey == key, cancellationToken);
        if (entry is null || entry.Action is not (AdminLogAction.Changed or AdminLogAction.Reverted))
            return (false, ["Only a change to an object that still exists can be reverted."]);
        await entity.LockAsync(db, key, cancellationToken);
        if (await entity.FindAsync(db, key, cancellationToken) is not { } row) return (false, [$"The {entity.Label} no longer exists."]);
        await LoadLinksAsync(entity, row, cancellationToken);

        var problems = new List<string>();
        var undo = new List<AdminFieldChange>();
        foreach (var change in entry.ReadChanges())
        {
            if (entity.Fields.FirstOrDefault(f => f.Name == change.Field && !f.ReadOnly) is not { } field)
            {
                problems.Add($"{change.Label} can no longer be edited here.");
                continue;
            }

            var now = field.Store(field.Get(row));
            if (!field.Same(now, change.New))
            {
                problems.Add($"{field.Label} has changed since: it is {field.Show(now, clock)}, not {field.Show(change.New, clock)}.");
                continue;
            }

            if (field.Kind == AdminFieldKind.ManyToMany)
            {
                var keys = AdminField.KeysOf(change.Old);
                if ((await field.Lookup!.LabelsAsync(db, keys, cancellationToken)).Count != keys.Count)
                {
                    problems.Add($"{field.Label} cannot go back to {field.Show(change.Old, clock)}: one of them no longer exists.");
                    continue;
                }
                await SetLinksAsync(field, row, change.Old, cancellationToken);
                undo.Add(new AdminFieldChange(change.Field, change.Label, now, change.Old));
                continue;
            }

            if (!field.TryRestore(change.Old, out var old) || (field.Lookup is { } lookup && old is not null && await lookup.LabelAsync(db, old, cancellationToken) is null))
            {
                problems.Add($"{field.Label} cannot go back to {field.Show(change.Old, clock)}: that value no longer exists.");
                continue;
            }
            field.Set(row, old);
            undo.Add(new AdminFieldChange(change.Field, change.Label, now, change.Old));
        }

        if (problems.Count > 0) return (false, problems);
        var save = NewSave(isNew: false, undo.Select(c => c.Field).ToHashSet());
        await entity.ApplyRulesAsync(row, save, cancellationToken);
        if (save.FieldErrors.Count > 0 || save.FormErrors.Count > 0) return (false, [.. save.FieldErrors.Values, .. save.FormErrors]);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            return (false, [$"Another {entity.Label} now has one of these values."]);
        }

        Log(entity, key, await LabelAsync(entity, row, cancellationToken), AdminLogAction.Reverted, undo, revertOf: entry.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, []);
    }

    private void Log(AdminRegistration entity, string? key, string label, AdminLogAction action, IEnumerable<AdminFieldChange> changes, long? revertOf = null) =>
        db.Add(AdminLogRecord.For(entity, clock.UtcNow, UserId, User.DisplayNameOf(), action, key, label, changes, revertOf));

    // A stored row's label as the database reads it (a display over navigations needs them), else as in memory.
    private async Task<string> LabelAsync(AdminRegistration entity, object row, CancellationToken cancellationToken) =>
        await entity.LabelAsync(db, entity.KeyOf(row), cancellationToken) ?? entity.LabelOf(row);
}
