using System.Globalization;

namespace Cairn.Web.Modules.Tasks;

public enum DueBucket
{
    Overdue,
    Today,
    Week,
    Later,
    None,
}

public enum TaskSort
{
    Due,
    Priority,
    Created,
    Title,
}

/// <summary>
/// A task view as it lives in the query string, so that it can be bookmarked and shared:
/// <c>/tasks?q=&amp;status=open&amp;priority=high&amp;tag=&amp;list=3&amp;assignee=me&amp;due=week&amp;sort=due&amp;dir=asc&amp;page=2</c>.
/// Values it does not know are dropped and named in <see cref="Ignored"/>, so the page can say so.
/// </summary>
public sealed record TaskFilter
{
    public const int MaxQueryLength = 200;

    public string? Query { get; init; }
    public TaskItemStatus? Status { get; init; }
    public TaskPriority? Priority { get; init; }
    public string? Tag { get; init; }
    public int? ListId { get; init; }

    /// <summary><c>me</c>, <c>none</c> or a username.</summary>
    public string? Assignee { get; init; }

    public DueBucket? Due { get; init; }
    public TaskSort Sort { get; init; } = TaskSort.Due;

    /// <summary>Null: the sort's natural direction (soonest due, most urgent, newest, A to Z).</summary>
    public bool? Descending { get; init; }

    public int Page { get; init; } = 1;

    public IReadOnlyList<string> Ignored { get; init; } = [];

    public bool IsDescending => Descending ?? Sort is TaskSort.Priority or TaskSort.Created;

    /// <summary>True when something narrows the list (sorting and paging do not).</summary>
    public bool IsFiltered => Query is not null || Status is not null || Priority is not null || Tag is not null
        || ListId is not null || Assignee is not null || Due is not null;

    public static TaskFilter Parse(IQueryCollection query)
    {
        var ignored = new List<string>();
        string? Text(string key, int max)
        {
            var value = query[key].ToString().Trim();
            if (value.Length == 0) return null;
            if (value.Length <= max) return value;
            ignored.Add(key);
            return null;
        }

        T? Choice<T>(string key) where T : struct, Enum
        {
            var value = Text(key, 20);
            if (value is null) return null;
            if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value[0])) return parsed;
            ignored.Add(key);
            return null;
        }

        int? Number(string key)
        {
            var value = Text(key, 10);
            if (value is null) return null;
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0) return number;
            ignored.Add(key);
            return null;
        }

        bool? descending = Text("dir", 4)?.ToLowerInvariant() switch
        {
            null => null,
            "asc" => false,
            "desc" => true,
            _ => Ignore(ignored, "dir"),
        };

        return new TaskFilter
        {
            Query = Text("q", MaxQueryLength),
            Status = Choice<TaskItemStatus>("status"),
            Priority = Choice<TaskPriority>("priority"),
            Tag = Text("tag", TaskTag.MaxNameLength + 1) is { } tag && TagNames.Normalize(tag) is { Length: > 0 } name ? name : null,
            ListId = Number("list"),
            Assignee = Text("assignee", 256),
            Due = Choice<DueBucket>("due"),
            Sort = Choice<TaskSort>("sort") ?? TaskSort.Due,
            Descending = descending,
            Page = Number("page") ?? 1,
            Ignored = ignored,
        };
    }

    private static bool? Ignore(List<string> ignored, string key)
    {
        ignored.Add(key);
        return null;
    }

    /// <summary>The query string of this view (defaults left out), starting with <c>?</c>, or empty.</summary>
    public string ToQueryString()
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (value is not null) pairs.Add(new(key, value));
        }

        Add("q", Query);
        Add("status", LowerOrNull(Status));
        Add("priority", LowerOrNull(Priority));
        Add("tag", Tag);
        Add("list", ListId?.ToString(CultureInfo.InvariantCulture));
        Add("assignee", Assignee);
        Add("due", LowerOrNull(Due));
        if (Sort != TaskSort.Due) Add("sort", Lower(Sort));
        if (Descending is { } descending) Add("dir", descending ? "desc" : "asc");
        if (Page > 1) Add("page", Page.ToString(CultureInfo.InvariantCulture));
        return pairs.Count == 0 ? "" : QueryString.Create(pairs).ToUriComponent();
    }

    /// <summary>The address of this view, e.g. for a link that changes one thing: <c>(filter with { Status = null }).Url</c>.</summary>
    public string Url => "/tasks" + ToQueryString();

    /// <summary>How an enum value is spelled in the query string: <c>urgent</c>, <c>done</c>.</summary>
    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string? LowerOrNull<T>(T? value) where T : struct, Enum => value is { } v ? Lower(v) : null;
}
