namespace Cairn.Web.Modules.Tasks;

/// <summary>A list as the pickers and filters show it.</summary>
public sealed record TaskListOption(int Id, string Name, bool IsShared, Guid OwnerId, string OwnerName);

/// <summary>
/// Who may see and change which tasks, decided in one place for every task page (and, later, the API).
/// Admins and Owners: everything in the workspace. Members: tasks in their own lists and in shared lists,
/// tasks assigned to them and tasks they created. Viewers: shared lists, read only. Others: nothing.
/// </summary>
public sealed class TaskScope
{
    internal TaskScope(WorkspaceRole? role, Guid? userId, IReadOnlyList<TaskListOption> lists)
    {
        Role = role;
        UserId = userId;
        Lists = lists;
        VisibleListIds = lists.Select(l => l.Id).ToList();
    }

    public WorkspaceRole? Role { get; }
    public Guid? UserId { get; }

    /// <summary>The lists this user can see, by name.</summary>
    public IReadOnlyList<TaskListOption> Lists { get; }

    private List<int> VisibleListIds { get; }

    public bool CanRead => WorkspacePermissions.CanRead(Role);
    public bool CanWrite => WorkspacePermissions.CanWrite(Role);
    public bool IsAdmin => WorkspacePermissions.IsAdmin(Role);

    /// <summary>Lists new tasks may go to: for writers, every list they can see.</summary>
    public IReadOnlyList<TaskListOption> WritableLists => CanWrite ? Lists : [];

    public bool CanAddTo(int listId) => CanWrite && VisibleListIds.Contains(listId);

    /// <summary>Rename, share or delete a list: its owner or an Admin.</summary>
    public bool CanManage(TaskListOption list) => WorkspacePermissions.CanModify(Role, UserId, list.OwnerId);

    /// <summary>The tasks this user may see, as a query to add filters to.</summary>
    public IQueryable<TaskItem> Visible(IQueryable<TaskItem> tasks)
    {
        if (IsAdmin) return tasks;
        var listIds = VisibleListIds;
        if (!CanWrite) return tasks.Where(t => listIds.Contains(t.ListId));
        var me = UserId;
        return tasks.Where(t => listIds.Contains(t.ListId) || t.AssigneeId == me || t.CreatedById == me);
    }

    /// <summary>
    /// The same tasks as <see cref="Visible"/>, as separate queries that do not overlap: their rows added up are
    /// the visible rows. Counting each part can read its own covering index alone (the parts of a member's rule
    /// are ORed, which would otherwise read the table), so the counts above the list use these.
    /// </summary>
    public IReadOnlyList<IQueryable<TaskItem>> VisibleParts(IQueryable<TaskItem> tasks)
    {
        if (IsAdmin) return [tasks];
        var listIds = VisibleListIds;
        if (!CanWrite) return [tasks.Where(t => listIds.Contains(t.ListId))];
        var me = UserId;
        return
        [
            tasks.Where(t => listIds.Contains(t.ListId)),
            tasks.Where(t => t.AssigneeId == me && !listIds.Contains(t.ListId)),
            tasks.Where(t => t.CreatedById == me && t.AssigneeId != me && !listIds.Contains(t.ListId)),
        ];
    }

    /// <summary>The lists whose every task this user sees; null for Admins and Owners: every list in the workspace.</summary>
    public IReadOnlyList<int>? WholeLists => IsAdmin ? null : VisibleListIds;

    /// <summary>The visible tasks outside <see cref="WholeLists"/> (a member's assignments and own tasks in other lists), as parts that do not overlap.</summary>
    public IReadOnlyList<IQueryable<TaskItem>> PartsOutsideWholeLists(IQueryable<TaskItem> tasks) =>
        IsAdmin || !CanWrite ? [] : VisibleParts(tasks).Skip(1).ToList();

    /// <summary>Edit a task the user can see, or tick it done: any writer.</summary>
    public bool CanEdit => CanWrite;

    /// <summary>Delete a task: whoever created it, the owner of its list, or an Admin.</summary>
    public bool CanDelete(Guid createdById, Guid listOwnerId) => WorkspacePermissions.CanModify(Role, UserId, createdById, listOwnerId);
}

public sealed class TaskAccess(CairnDbContext db, CurrentMembership membership, IHttpContextAccessor accessor)
{
    public const string DefaultListName = "My tasks";

    private TaskScope? _scope;

    /// <summary>
    /// The signed-in user's scope in this workspace, loaded once per request. With <paramref name="ensureOwnList"/>,
    /// a writer without a list of their own gets one first, so a task can be added at once.
    /// </summary>
    public async Task<TaskScope> ScopeAsync(bool ensureOwnList = false, CancellationToken cancellationToken = default)
    {
        if (_scope is not null && !(ensureOwnList && NeedsOwnList(_scope))) return _scope;
        var role = await membership.RoleAsync(cancellationToken);
        var userId = accessor.HttpContext?.User.UserId();
        var lists = role is null ? [] : await LoadListsAsync(role.Value, userId, cancellationToken);
        _scope = new TaskScope(role, userId, lists);

        if (ensureOwnList && NeedsOwnList(_scope))
        {
            db.TaskLists.Add(new TaskList { Name = DefaultListName, OwnerId = userId!.Value });
            await db.SaveChangesAsync(cancellationToken);
            _scope = new TaskScope(role, userId, await LoadListsAsync(role!.Value, userId, cancellationToken));
        }

        return _scope;
    }

    private static bool NeedsOwnList(TaskScope scope) => scope.CanWrite && scope.Lists.All(l => l.OwnerId != scope.UserId);

    private async Task<List<TaskListOption>> LoadListsAsync(WorkspaceRole role, Guid? userId, CancellationToken cancellationToken)
    {
        var lists = db.TaskLists.AsQueryable();
        if (!role.AtLeast(WorkspaceRole.Admin))
            lists = role.AtLeast(WorkspaceRole.Member) ? lists.Where(l => l.IsShared || l.OwnerId == userId) : lists.Where(l => l.IsShared);
        return await lists
            .OrderBy(l => l.Name).ThenBy(l => l.Id)
            .Select(l => new TaskListOption(l.Id, l.Name, l.IsShared, l.OwnerId, l.Owner!.DisplayName))
            .ToListAsync(cancellationToken);
    }
}
