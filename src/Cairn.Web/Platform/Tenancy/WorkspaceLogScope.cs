using System.Collections;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Opens, around the whole request, a log scope whose <c>Workspace</c> value is read when a line is written,
/// so lines logged before the workspace is known are plain and lines logged after it (the error handler's
/// included) carry it.
/// </summary>
public sealed class WorkspaceLogScopeMiddleware(RequestDelegate next, ILogger<WorkspaceLogScopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, ITenantContext tenant)
    {
        using (logger.BeginScope(new WorkspaceScope(tenant)))
        {
            await next(context);
        }
    }

    private sealed class WorkspaceScope(ITenantContext tenant) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private KeyValuePair<string, object?> Pair => new("Workspace", tenant.Current?.Slug);

        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? Pair : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return Pair;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"Workspace:{tenant.Current?.Slug ?? "-"}";
    }
}
