using Microsoft.EntityFrameworkCore.Metadata;

namespace Cairn.Web.Platform.Admin;

/// <summary>
/// One entity offered to the admin site, declared by its module (<see cref="CairnModule.Admin{TEntity}"/>), as a
/// Django app's <c>admin.py</c> declares its models: the columns of its change list, the fields its search reads,
/// and its name in addresses. What the registration does not say comes from the EF Core model (the key).
/// </summary>
public abstract class AdminRegistration(string module, string urlName, string label)
{
    /// <summary>The module's name: the first segment under <c>/admin</c>.</summary>
    public string Module { get; } = module;

    /// <summary>The entity's segment under the module (<c>/admin/blog/post/</c>).</summary>
    public string UrlName { get; protected set; } = urlName;

    /// <summary>Singular, lower case ("post").</summary>
    public string Label { get; protected set; } = label;

    /// <summary>Plural, lower case ("posts").</summary>
    public string PluralLabel { get; protected set; } = label + "s";

    public abstract Type Entity { get; }

    /// <summary>The column headings of the change list, after the key.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>Per column, whether the change list can be sorted by it.</summary>
    public abstract IReadOnlyList<bool> SortableColumns { get; }

    /// <summary>Whether the change list has a search box.</summary>
    public abstract bool Searchable { get; }

    /// <summary>The query keys of its sidebar filters (<c>?status=done</c>).</summary>
    public abstract IReadOnlyList<string> FilterKeys { get; }

    /// <summary>The change list's address.</summary>
    public string Path => $"/admin/{Module}/{UrlName}/";

    /// <summary>
    /// Checks the registration against the model (one key, mapped columns) and reads its form's fields
    /// from it, with the site to find the registrations its foreign keys point at. Throws when it does not fit.
    /// </summary>
    internal abstract void Prepare(IModel model, AdminSite site);

    /// <summary>Resolves the inlines against the other registrations, once each has read its fields.</summary>
    internal abstract void PrepareInlines(IModel model, AdminSite site);

    /// <summary>The rows of other entities shown under the change form (a post's comments).</summary>
    public abstract IReadOnlyList<AdminInline> Inlines { get; }

    /// <summary>How many rows point at <paramref name="key"/> through <paramref name="foreignKey"/>, and the newest few.</summary>
    public abstract Task<(int Count, IReadOnlyList<LookupOption> Newest)> RowsPointingAtAsync(CairnDbContext db, string foreignKey, object key, int count, CancellationToken cancellationToken);

    /// <summary>The change form's fields, in the entity's order (after <see cref="Prepare"/>).</summary>
    public abstract IReadOnlyList<AdminField> Fields { get; }

    /// <summary>This entity as the target of other entities' foreign keys.</summary>
    public AdminLookup Lookup => _lookup ??= new RegistrationLookup(this);
    private AdminLookup? _lookup;

    /// <summary>Which workspace role each action takes, at least (Admin by default; Owner where the module says so; null: no one).</summary>
    private readonly Dictionary<AdminAction, WorkspaceRole?> _allowed = new()
    {
        [AdminAction.View] = WorkspaceRole.Admin,
        [AdminAction.Add] = WorkspaceRole.Admin,
        [AdminAction.Change] = WorkspaceRole.Admin,
        [AdminAction.Delete] = WorkspaceRole.Admin,
    };

    public bool Allows(AdminAction action, WorkspaceRole? role) => role is { } r && _allowed[action] is { } minimum && r.AtLeast(minimum);

    protected void Require(AdminAction action, WorkspaceRole? minimum) => _allowed[action] = minimum;

    /// <summary>The address of one object's pages: <c>…/{key}/change/</c>, <c>…/{key}/delete/</c>, <c>…/{key}/history/</c>.</summary>
    public string PathOf(string key, string page) => $"{Path}{Uri.EscapeDataString(key)}/{page}/";

    /// <summary>
    /// Whether it is one of the platform's own entities (workspaces, users, memberships), which platform
    /// administrators see across every workspace; a module's entities are the workspace's.
    /// </summary>
    public virtual bool IsPlatform => false;

    /// <summary>
    /// The scope a page of this entity runs in: every workspace for the platform's entities (the one way across,
    /// <see cref="CairnDbContext.AcrossWorkspaces"/>, kept in Platform), nothing to open for a module's.
    /// </summary>
    public IDisposable? OpenScope(CairnDbContext db) => IsPlatform ? db.AcrossWorkspaces() : null;

    /// <summary>One row, tracked for a change or a delete; null when the workspace has none with that key.</summary>
    public abstract Task<object?> FindAsync(CairnDbContext db, string key, CancellationToken cancellationToken);

    /// <summary>Locks the row until the transaction ends (PostgreSQL; SQLite's write transaction holds the whole database).</summary>
    public abstract Task LockAsync(CairnDbContext db, string key, CancellationToken cancellationToken);

    /// <summary>A new object with the module's defaults, not yet added.</summary>
    public abstract object Create(AdminSave save);

    public abstract string KeyOf(object entity);

    /// <summary>How one object reads (Django's <c>__str__</c>).</summary>
    public abstract string LabelOf(object entity);

    /// <summary>The label of the row with <paramref name="key"/> in this workspace, or null.</summary>
    public abstract Task<string?> LabelAsync(CairnDbContext db, string key, CancellationToken cancellationToken);

    /// <summary>The rows with these keys in this workspace, tracked (to link them); missing keys are left out.</summary>
    public abstract Task<IReadOnlyList<object>> FindManyAsync(CairnDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>The labels of the rows with these keys in this workspace, in one query; missing keys are left out.</summary>
    public abstract Task<IReadOnlyDictionary<string, string>> LabelsAsync(CairnDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>A few rows matching <paramref name="words"/> (all rows when none), for an autocomplete.</summary>
    public abstract Task<IReadOnlyList<LookupOption>> SuggestAsync(CairnDbContext db, string? words, CancellationToken cancellationToken);

    /// <summary>The module's own rules, run after the form's values are set and before the save (derived fields, checks).</summary>
    public abstract ValueTask ApplyRulesAsync(object entity, AdminSave save, CancellationToken cancellationToken);

    /// <summary>Its bulk actions: delete, then the module's own.</summary>
    public abstract IReadOnlyList<AdminActionInfo> Actions { get; }

    /// <summary>How many rows a selection holds.</summary>
    public abstract Task<int> CountAsync(CairnDbContext db, AdminSelection selection, CancellationToken cancellationToken);

    /// <summary>The newest few rows of a selection, for a confirmation page.</summary>
    public abstract Task<IReadOnlyList<LookupOption>> FirstSelectedAsync(CairnDbContext db, AdminSelection selection, int count, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="action"/> over the next <paramref name="size"/> rows of a selection after key <paramref name="after"/>, in key order.</summary>
    public abstract Task<BulkBatch> RunBatchAsync(CairnDbContext db, AdminSelection selection, string action, string? after, int size, AdminBulk bulk, CancellationToken cancellationToken);

    /// <summary>A header line (<c>id</c> and the form's field names), then one line per selected row in key order, values in their stored form; streamed.</summary>
    public abstract IAsyncEnumerable<IReadOnlyList<string>> ExportAsync(CairnDbContext db, AdminSelection selection, CancellationToken cancellationToken);

    /// <summary>What deleting the row takes with it, counted per kind, with the first few named; never loaded in full.</summary>
    public abstract Task<IReadOnlyList<CascadeGroup>> CascadeAsync(CairnDbContext db, string key, CancellationToken cancellationToken);

    /// <summary>One page of the change list, in the current workspace (the model's workspace filter applies).</summary>
    public abstract Task<ChangeListPage> ListAsync(CairnDbContext db, ChangeListRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// What a change list was asked for: words to search for, the filters' chosen values by query key, and the key the
/// page starts after (keyset paging).
/// </summary>
/// <remarks>
/// <see cref="Sort"/> is a column's place, negative for descending (<c>?o=-2</c>); <see cref="TimeZone"/> and
/// <see cref="Now"/> are the reader's, in which date filters ("today") are meant.
/// </remarks>
public sealed record ChangeListRequest(string? Search, string? After, IReadOnlyDictionary<string, string>? Filters = null, int PageSize = ChangeListRequest.DefaultPageSize,
    string? Sort = null, string? TimeZone = null, DateTime? Now = null)
{
    public const int DefaultPageSize = 50;

    /// <summary>The longest search accepted; longer is cut (it could only match nothing).</summary>
    public const int MaxSearchLength = 200;
}

/// <summary>One row: its key and its columns' values, as shown.</summary>
public sealed record ChangeListRow(string Key, IReadOnlyList<string> Values);

/// <summary>
/// A page of rows, newest key first, the key the next page starts after (null on the last page), how many rows
/// match, and the sidebar's filters.
/// </summary>
public sealed record ChangeListPage(IReadOnlyList<ChangeListRow> Rows, string? NextAfter, int Matching, IReadOnlyList<FilterFacet> Facets)
{
    /// <summary>Whether <see cref="Matching"/> is PostgreSQL's estimate (past an exact count's limit) rather than a count.</summary>
    public bool Estimated { get; init; }

    /// <summary>The date drill-down above the list, where the registration has one.</summary>
    public DateDrillDown? DrillDown { get; init; }

    /// <summary>The column the list is sorted by (its place, negative when descending); null: newest first.</summary>
    public int? Sort { get; init; }
}

/// <summary>
/// A date drill-down (Django's <c>date_hierarchy</c>): the period chosen and the way back up (query values of the
/// filter <see cref="Key"/>), and the periods one step down with their counts (years, then months, then days).
/// </summary>
public sealed record DateDrillDown(string Key, string Heading, IReadOnlyList<(string? Query, string Label)> Trail, IReadOnlyList<FilterValue> Steps);

/// <summary>One value of a filter: its query value, its label, how many rows have it (under the search and the other filters), whether it is chosen.</summary>
public sealed record FilterValue(string Value, string Label, int Count, bool Selected);

/// <summary>A sidebar filter: its query key, heading and values.</summary>
public sealed record FilterFacet(string Key, string Heading, IReadOnlyList<FilterValue> Values, bool IsDate = false);


/// <summary>What the admin lets a role do with an entity.</summary>
public enum AdminAction
{
    View,
    Add,
    Change,
    Delete,
}

/// <summary>
/// Rows a delete reaches through one foreign key: deleted with it (cascade) or unlinked from it (set to empty);
/// how many, and the first few by name.
/// </summary>
public sealed record CascadeGroup(string Noun, int Count, bool Unlinked, IReadOnlyList<string> FirstFew);

/// <summary>
/// The rows a bulk action or an export works on: the chosen keys (at most <see cref="MaxKeys"/>), or, when
/// <see cref="Keys"/> is null, every row matching the change list's search and filters. A bulk action sends
/// this, never a list of every id.
/// </summary>
public sealed record AdminSelection(string? Search, IReadOnlyDictionary<string, string>? Filters, IReadOnlyList<string>? Keys, string? TimeZone = null, DateTime? Now = null)
{
    public const int MaxKeys = 1000;
}

/// <summary>A bulk action: its name in forms, its label, and the permission it takes.</summary>
public sealed record AdminActionInfo(string Name, string Label, AdminAction Needs)
{
    public const string Delete = "delete";
}

/// <summary>What a module's bulk action gets: the unit of work's services, who, and when.</summary>
public sealed record AdminBulk(IServiceProvider Services, Guid UserId, DateTime Now);

/// <summary>One batch of a bulk action: the last key it read (where the next starts), how many rows it read, how many it changed.</summary>
public sealed record BulkBatch(string? LastKey, int Read, int Affected);
