using Cairn.Web.Platform.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

public sealed record TaskListRef(int Id, string Name, bool Shared);

public sealed record PersonRef(string Username, string DisplayName);

/// <summary>A task in a list answer.</summary>
public sealed record TaskSummary(
    int Id, string Title, string Status, string Priority, DateTime? DueAt, DateTime? CompletedAt,
    TaskListRef List, PersonRef? Assignee, IReadOnlyList<string> Tags);

/// <summary>One task, whole.</summary>
public sealed record TaskDetail(
    int Id, string Title, string Notes, string NotesHtml, string Status, string Priority, DateTime? DueAt, DateTime? CompletedAt,
    TaskListRef List, PersonRef? Assignee, PersonRef CreatedBy, IReadOnlyList<string> Tags, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>
/// A new task (POST) or a whole task (PUT): only <see cref="Title"/> is required; the rest defaults to no notes,
/// no due date, normal priority, your own first list, nobody, no tags, open. In a PATCH, fields left out keep
/// their values (and <c>"assignee": null</c> or <c>"dueAt": null</c> clears them).
/// </summary>
public sealed class TaskRequest
{
    public string? Title { get; set; }
    public string? Notes { get; set; }

    /// <summary>ISO 8601 with an offset or <c>Z</c>, e.g. <c>2026-12-31T17:00:00+01:00</c>.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary><c>low</c>, <c>normal</c>, <c>high</c> or <c>urgent</c>.</summary>
    public string? Priority { get; set; }

    /// <summary><c>open</c> or <c>done</c>.</summary>
    public string? Status { get; set; }

    public int? ListId { get; set; }

    /// <summary>A member's username.</summary>
    public string? Assignee { get; set; }

    public IReadOnlyList<string>? Tags { get; set; }

}

/// <summary>
/// <c>/api/v1/tasks</c>: the task list for programs, with the page's filters (<see cref="TaskFilter"/>) and its
/// permissions (<see cref="TaskAccess"/>); ETags on single tasks, If-Match on writes.
/// </summary>
public static class TasksApi
{

    /// <summary>The OpenAPI document's examples: one task, as it is asked for and as it is answered.</summary>
    private static class Examples
    {
        private static readonly DateTime Created = new(2026, 11, 20, 9, 15, 0, DateTimeKind.Utc);
        private static readonly TaskListRef Launch = new(3, "Launch", true);
        private static readonly PersonRef Ada = new("ada", "Ada Lovelace");

        public static readonly TaskRequest NewTask = new()
        {
            Title = "Book the venue", Notes = "Two rooms, *step-free* access.", DueAt = new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.FromHours(1)),
            Priority = "high", Status = "open", ListId = Launch.Id, Assignee = Ada.Username, Tags = ["events"],
        };

        public static readonly TaskDetail Task = new(
            42, "Book the venue", "Two rooms, *step-free* access.", "<p>Two rooms, <em>step-free</em> access.</p>", "open", "high",
            new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc), null, Launch, Ada, Ada, ["events"], Created, Created);

        public static readonly TaskDetail Done = Task with { Status = "done", CompletedAt = Created.AddDays(3), UpdatedAt = Created.AddDays(3) };

        public static readonly TaskSummary Summary = new(Task.Id, Task.Title, Task.Status, Task.Priority, Task.DueAt, null, Launch, Ada, Task.Tags);
    }

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder endpoints)
    {
        // Members of the workspace only (Viewers read); what each may do with a task is TaskAccess's.
        var tasks = endpoints.MapApiV1("tasks").WithTags("Tasks").RequireAuthorization(Platform.Tenancy.Policies.WorkspaceViewer);
        tasks.MapGet("/", ListAsync).WithName("Tasks.List")
            .WithSummary("Tasks you may see, filtered, sorted and paged like /tasks")
            .WithDescription("Query parameters as on the page: q, status (open|done), priority (low|normal|high|urgent), tag, list (id), "
                + "assignee (me|none|username), due (overdue|today|week|later|none, in your time zone), sort (due|priority|created|title), "
                + "dir (asc|desc), page. An unknown value is 422.")
            .Produces<ApiPage<TaskSummary>>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(response: new ApiPage<TaskSummary>([Examples.Summary], 1, TaskQueries.PageSize, 1, 1));
        tasks.MapGet("/{id:int}", GetAsync).WithName("Tasks.Get")
            .WithSummary("One task, with its ETag (If-None-Match answers 304)")
            .Produces<TaskDetail>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound)
            .WithExample(response: Examples.Task);
        tasks.MapPost("/", CreateAsync).WithName("Tasks.Create")
            .WithSummary("Add a task; only the title is required")
            .Produces<TaskDetail>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(Examples.NewTask, Examples.Task, StatusCodes.Status201Created);
        tasks.MapPut("/{id:int}", ReplaceAsync).WithName("Tasks.Replace")
            .WithSummary("Replace a task (fields left out take their defaults); honours If-Match")
            .Produces<TaskDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(Examples.NewTask, Examples.Task);
        tasks.MapPatch("/{id:int}", PatchAsync).WithName("Tasks.Update")
            .WithSummary("Change the fields sent, keep the others; honours If-Match")
            .Accepts<TaskRequest>("application/json", "application/merge-patch+json")
            .Produces<TaskDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new { status = "done" }, Examples.Done); // only the fields sent: in a PATCH, null clears
        tasks.MapDelete("/{id:int}", DeleteAsync).WithName("Tasks.Delete")
            .WithSummary("Delete a task (its creator, its list's owner or an admin); honours If-Match")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return endpoints;
    }

    /// <summary>The list's query parameters, declared for the OpenAPI document; <see cref="TaskFilter.Parse"/> reads them.</summary>
    public sealed record TaskListQuery(
        [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "status")] string? Status,
        [FromQuery(Name = "priority")] string? Priority,
        [FromQuery(Name = "tag")] string? Tag,
        [FromQuery(Name = "list")] string? List,
        [FromQuery(Name = "assignee")] string? Assignee,
        [FromQuery(Name = "due")] string? Due,
        [FromQuery(Name = "sort")] string? Sort,
        [FromQuery(Name = "dir")] string? Dir,
        [FromQuery(Name = "page")] string? Page);

    private static async Task<Results<Ok<ApiPage<TaskSummary>>, ProblemHttpResult>> ListAsync(
        [AsParameters] TaskListQuery query, HttpContext http, TaskAccess access, TaskQueries queries, TaskForm form, CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(ensureOwnList: false, cancellationToken);
        if (!scope.CanRead) return ApiResults.Forbidden("You are not a member of this workspace.");
        var filter = TaskFilter.Parse(http.Request.Query);
        var errors = filter.Ignored.Select(key => (key, $"'{http.Request.Query[key]}' is not a value of '{key}'.")).ToList();
        if (filter.ListId is { } listId && scope.Lists.All(l => l.Id != listId)) errors.Add(("list", "No such list."));

        Guid? assigneeId = null;
        if (filter.Assignee is "me") assigneeId = scope.UserId;
        else if (filter.Assignee is { } name and not "none")
        {
            var found = (await form.AssigneesAsync(cancellationToken)).FirstOrDefault(a => string.Equals(a.UserName, name, StringComparison.OrdinalIgnoreCase));
            if (found is null) errors.Add(("assignee", "No such member."));
            else assigneeId = found.Id;
        }

        if (errors.Count > 0) return ApiResults.Invalid(errors);
        var page = await queries.LoadAsync(scope, filter, assigneeId, cancellationToken);
        if (page is null) return ApiResults.NoSuchPage($"The list has {Math.Max(1, filter.Page - 1)} page(s) or fewer.");

        var body = new ApiPage<TaskSummary>(
            page.Rows.Select(r => new TaskSummary(
                r.Id, r.Title, TaskFilter.Lower(r.Status), TaskFilter.Lower(r.Priority), r.DueAt.AsUtc(), r.CompletedAt.AsUtc(),
                new TaskListRef(r.ListId, r.ListName, r.ListShared),
                r.AssigneeUserName is null ? null : new PersonRef(r.AssigneeUserName, r.AssigneeName ?? ""), r.Tags)).ToList(),
            page.Page, TaskQueries.PageSize, page.Counts.Total, page.PageCount);
        http.Response.AddPageLinks(body, n => "/api/v1" + (filter with { Page = n }).Url);
        return TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<TaskDetail>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        int id, HttpContext http, TaskAccess access, CairnDbContext db, CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(cancellationToken: cancellationToken);
        if (!scope.CanRead) return ApiResults.Forbidden();
        var task = await LoadAsync(scope, db, id, tracked: false, cancellationToken);
        if (task is null) return ApiResults.NotFound("task");
        return http.OkOrNotModified(ETag(task), () => Detail(task));
    }

    private static async Task<Results<Created<TaskDetail>, ProblemHttpResult>> CreateAsync(
        TaskRequest request, HttpContext http, TaskAccess access, TaskForm form, CairnDbContext db, CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(ensureOwnList: true, cancellationToken);
        if (!scope.CanWrite) return ApiResults.Forbidden();
        var task = new TaskItem { Title = "", CreatedById = scope.UserId!.Value };
        var defaults = new TaskValues("", null, null, TaskPriority.Normal,
            (scope.WritableLists.FirstOrDefault(l => l.OwnerId == scope.UserId) ?? scope.WritableLists[0]).Id, null, [], false);
        if (await ApplyAsync(request, ApiFields.All, defaults, task, scope, form, currentListId: null, cancellationToken) is { } invalid) return invalid;

        db.Tasks.Add(task);
        await form.SaveAsync(cancellationToken);
        var saved = await LoadAsync(scope, db, task.Id, tracked: false, cancellationToken);
        return http.Response.Tagged(ETag(saved!), TypedResults.Created($"/api/v1/tasks/{task.Id}", Detail(saved!)));
    }

    private static Task<Results<Ok<TaskDetail>, ProblemHttpResult>> ReplaceAsync(
        int id, TaskRequest request, HttpContext http, TaskAccess access, TaskForm form, CairnDbContext db, CancellationToken cancellationToken) =>
        UpdateAsync(id, request, ApiFields.All, http, access, form, db, cancellationToken);

    private static Task<Results<Ok<TaskDetail>, ProblemHttpResult>> PatchAsync(
        int id, HttpContext http, TaskAccess access, TaskForm form, CairnDbContext db, CancellationToken cancellationToken) =>
        http.Request.PatchAsync<TaskRequest, TaskDetail>("a task", (request, fields) => UpdateAsync(id, request, fields, http, access, form, db, cancellationToken), cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        int id, HttpContext http, TaskAccess access, CairnDbContext db, CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(cancellationToken: cancellationToken);
        if (!scope.CanRead) return ApiResults.Forbidden();
        var task = await LoadAsync(scope, db, id, tracked: false, cancellationToken);
        if (task is null) return ApiResults.NotFound("task");
        if (!scope.CanDelete(task.CreatedById, task.List!.OwnerId)) return ApiResults.Forbidden("Only whoever created a task, the owner of its list, or an admin may delete it.");
        if (http.Request.PreconditionFails(ETag(task))) return ApiResults.PreconditionFailed();
        await db.Tasks.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TaskDetail>, ProblemHttpResult>> UpdateAsync(
        int id, TaskRequest request, ApiFields fields, HttpContext http, TaskAccess access, TaskForm form, CairnDbContext db, CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(cancellationToken: cancellationToken);
        if (!scope.CanRead) return ApiResults.Forbidden();
        var task = await LoadAsync(scope, db, id, tracked: true, cancellationToken);
        if (task is null) return ApiResults.NotFound("task");
        if (!scope.CanEdit) return ApiResults.Forbidden();
        if (http.Request.PreconditionFails(ETag(task))) return ApiResults.PreconditionFailed();

        var current = fields.IsPatch
            ? new TaskValues(task.Title, task.Notes, task.DueAt, task.Priority, task.ListId, task.AssigneeId, task.Tags.Select(t => t.Name).ToList(), task.Status == TaskItemStatus.Done)
            : new TaskValues("", null, null, TaskPriority.Normal, task.ListId, null, [], false);
        if (await ApplyAsync(request, fields, current, task, scope, form, currentListId: task.ListId, cancellationToken) is { } invalid) return invalid;
        await form.SaveAsync(cancellationToken);

        var saved = await LoadAsync(scope, db, id, tracked: false, cancellationToken);
        return http.Response.Tagged(ETag(saved!), TypedResults.Ok(Detail(saved!)));
    }

    /// <summary>The request laid over <paramref name="current"/> (the fields <paramref name="fields"/> sets), then applied.</summary>
    private static async Task<ProblemHttpResult?> ApplyAsync(
        TaskRequest request, ApiFields fields, TaskValues current, TaskItem task, TaskScope scope, TaskForm form, int? currentListId, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();

        var values = current;
        if (fields.Replaces("title")) values = values with { Title = request.Title ?? "" };
        if (fields.Sets("notes", request.Notes)) values = values with { Notes = request.Notes };
        if (fields.Sets("dueAt", request.DueAt)) values = values with { DueAt = request.DueAt?.UtcDateTime };
        if (fields.Sets("priority", request.Priority))
        {
            if (Enum.TryParse<TaskPriority>(request.Priority, ignoreCase: true, out var priority) && !char.IsDigit(request.Priority![0])) values = values with { Priority = priority };
            else errors.Add(("priority", "Choose low, normal, high or urgent."));
        }

        if (fields.Sets("status", request.Status))
        {
            if (request.Status is "open" or "done") values = values with { Done = request.Status == "done" };
            else errors.Add(("status", "Choose open or done."));
        }

        if (fields.Sets("listId", request.ListId))
        {
            if (request.ListId is { } listId) values = values with { ListId = listId };
            else errors.Add(("listId", "A task is always in a list."));
        }

        var assignees = await form.AssigneesAsync(cancellationToken);
        if (fields.Sets("assignee", request.Assignee))
        {
            var assignee = request.Assignee is null ? null : assignees.FirstOrDefault(a => string.Equals(a.UserName, request.Assignee, StringComparison.OrdinalIgnoreCase));
            if (request.Assignee is not null && assignee is null) errors.Add(("assignee", "Choose a member of this workspace."));
            else values = values with { AssigneeId = assignee?.Id };
        }

        if (fields.Sets("tags", request.Tags)) values = values with { Tags = request.Tags ?? [] };
        if (errors.Count > 0) return ApiResults.Invalid(errors);

        var applied = await form.ApplyAsync(task, values, scope, assignees, cancellationToken, currentListId);
        return applied.Count > 0 ? ApiResults.Invalid(applied.Select(e => (e.Field == nameof(TaskValues.AssigneeId) ? "assignee" : e.Field, e.Message))) : null;
    }

    private static async Task<TaskItem?> LoadAsync(TaskScope scope, CairnDbContext db, int id, bool tracked, CancellationToken cancellationToken)
    {
        var query = scope.Visible(db.Tasks).Include(t => t.List).Include(t => t.Tags).Include(t => t.Assignee).Include(t => t.CreatedBy).AsSplitQuery();
        if (!tracked) query = query.AsNoTracking();
        return await query.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    private static string ETag(TaskItem task) => ApiResults.ETagFor("task", task.Id, task.UpdatedAt);

    private static TaskDetail Detail(TaskItem t) => new(
        t.Id, t.Title, t.Notes, t.NotesHtml, TaskFilter.Lower(t.Status), TaskFilter.Lower(t.Priority), t.DueAt.AsUtc(), t.CompletedAt.AsUtc(),
        new TaskListRef(t.ListId, t.List!.Name, t.List.IsShared),
        t.Assignee is null ? null : new PersonRef(t.Assignee.UserName!, t.Assignee.DisplayName),
        new PersonRef(t.CreatedBy!.UserName!, t.CreatedBy.DisplayName),
        t.Tags.Select(tag => tag.Name).Order(StringComparer.Ordinal).ToList(),
        t.CreatedAt.AsUtc(), t.UpdatedAt.AsUtc());
}
