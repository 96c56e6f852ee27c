using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;

namespace Cairn.Web.Platform.Web;

/// <summary>
/// A small value a module reads on nearly every request of a workspace (a setting row, say), remembered in the
/// output cache's store under the module's cache tags: the saves that evict the module's cached answers
/// (<see cref="CairnModule.CacheEvictedBy"/>) evict it too, on every instance when Redis is configured. A read that
/// finds it costs no database command; Redis away, it is read from the database.
/// </summary>
public sealed class WorkspaceMemo(IOutputCacheStore store, ITenantContext tenant)
{
    /// <summary>How long a remembered value is kept at the most, evictions aside.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    /// <summary>The value of <paramref name="key"/> in the current workspace, loaded once by <paramref name="load"/> until a save evicts it.</summary>
    public async ValueTask<T> GetOrLoadAsync<T>(string module, string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken = default)
    {
        if (tenant.Current is not { } workspace) return await load(cancellationToken);
        var storeKey = $"memo:{workspace.Slug}:{module}:{key}";
        if (await store.GetAsync(storeKey, cancellationToken) is { } stored) return JsonSerializer.Deserialize<T>(stored)!;
        var value = await load(cancellationToken);
        await store.SetAsync(storeKey, JsonSerializer.SerializeToUtf8Bytes(value), [ModuleOutputCache.TagFor(module, workspace.Slug), module], KeepFor, cancellationToken);
        return value;
    }
}
