using System.Text.Json;
using Cairn.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Infrastructure;

/// <summary>The outbox as tests read and run it: the suite runs no job worker unless a test turns one on.</summary>
public static class TestOutbox
{
    /// <summary>The payloads of kind <typeparamref name="T"/>, newest first; only those asked for in <paramref name="workspace"/> when given.</summary>
    public static async Task<List<T>> OutboxPayloadsAsync<T>(this CairnApp app, string? workspace = null) where T : IJobPayload
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
        {
            var tenantId = db.CurrentTenantId;
            var payloads = await db.Set<OutboxMessage>()
                .Where(m => m.Kind == typeof(T).FullName && (workspace == null || m.TenantId == tenantId))
                .OrderByDescending(m => m.CreatedAt).Select(m => m.Payload).ToListAsync();
            return payloads.Select(p => JsonSerializer.Deserialize<T>(p, JsonSerializerOptions.Web)!).ToList();
        }
    }

    /// <summary>
    /// Runs every unfinished outbox message of kind <typeparamref name="T"/> as the job server would: through
    /// <see cref="OutboxRunner"/>, which sets the message's workspace, in a scope of its own.
    /// </summary>
    public static async Task RunOutboxAsync<T>(this CairnApp app) where T : IJobPayload
    {
        List<Guid> ids;
        var (scope, db) = await app.DbForAsync(null);
        await using (scope)
        {
            ids = await db.Set<OutboxMessage>().Where(m => m.Kind == typeof(T).FullName && m.CompletedAt == null).Select(m => m.Id).ToListAsync();
        }
        foreach (var id in ids)
        {
            await using var jobScope = app.Scope();
            await jobScope.ServiceProvider.GetRequiredService<OutboxRunner>().RunAsync(id, TestContext.Current.CancellationToken);
        }
    }
}
