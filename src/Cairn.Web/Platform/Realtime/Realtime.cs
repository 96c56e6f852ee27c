using Microsoft.AspNetCore.SignalR;

namespace Cairn.Web.Platform.Realtime;

/// <summary>A hub a module adds (<see cref="RealtimeExtensions.AddHub{THub}"/>), mapped by the platform with the others.</summary>
public abstract record HubRegistration(string Path)
{
    public abstract void Map(IEndpointRouteBuilder endpoints);
}

internal sealed record HubRegistration<THub>(string Path) : HubRegistration(Path) where THub : Hub
{
    public override void Map(IEndpointRouteBuilder endpoints) => endpoints.MapHub<THub>(Path);
}

/// <summary>
/// SignalR for the modules (chat next). A hub call runs in a fresh DI scope, which no middleware has seen: the
/// <see cref="WorkspaceHubFilter"/> gives every connection the workspace of the request that opened it, and every
/// call of it that workspace, so a hub's queries are the workspace's own like a page's.
/// </summary>
public static class RealtimeExtensions
{
    public static IHostApplicationBuilder AddCairnRealtime(this IHostApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR(options =>
        {
            options.AddFilter<WorkspaceHubFilter>();
            options.MaximumReceiveMessageSize = 64 * 1024;
        });
        // With Redis, a message sent on one instance reaches the clients of every instance (the backplane).
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            var prefix = builder.Configuration[$"{Api.RateLimitOptions.Section}:KeyPrefix"] is { Length: > 0 } configured ? configured : "cairn";
            signalR.AddStackExchangeRedis(options =>
            {
                options.Configuration = StackExchange.Redis.ConfigurationOptions.Parse(redis);
                options.Configuration.AbortOnConnectFail = false;
                options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal($"{prefix}:signalr:");
            });
        }

        return builder;
    }

    /// <summary>Declares a hub at <paramref name="path"/>; the platform maps it.</summary>
    public static IServiceCollection AddHub<THub>(this IServiceCollection services, string path) where THub : Hub =>
        services.AddSingleton<HubRegistration>(new HubRegistration<THub>(path));

    public static IEndpointRouteBuilder MapCairnHubs(this IEndpointRouteBuilder endpoints)
    {
        foreach (var hub in endpoints.ServiceProvider.GetServices<HubRegistration>()) hub.Map(endpoints);
        return endpoints;
    }
}

/// <summary>
/// Sets the workspace of every hub call from its connection. The connection's workspace is found as the tenancy
/// middleware finds a request's (host or tenant header; unknown hosts were answered 404 before reaching the hub),
/// once, when it connects; a connection without one is refused.
/// </summary>
public sealed class WorkspaceHubFilter : IHubFilter
{
    private const string ItemKey = "cairn:workspace";

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        // Read from the request again (host or tenant header), not from its services: with long polling the
        // request that opened the connection, and its scope, are gone by now.
        var request = context.Context.GetHttpContext()?.Request;
        var slug = request is null ? null : context.ServiceProvider.GetRequiredService<TenantResolver>().SlugFor(request);
        var workspace = slug is { Length: <= 63 } ? await context.ServiceProvider.GetRequiredService<TenantStore>().FindAsync(slug) : null;
        if (workspace is null) throw new HubException("This connection belongs to no workspace.");
        context.Context.Items[ItemKey] = workspace;
        Set(context.ServiceProvider, workspace);
        await next(context);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Context.Items[ItemKey] is not TenantInfo workspace) throw new HubException("This connection belongs to no workspace.");
        Set(invocationContext.ServiceProvider, workspace);
        return await next(invocationContext);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.Items[ItemKey] is TenantInfo workspace) Set(context.ServiceProvider, workspace);
        await next(context, exception);
    }

    private static void Set(IServiceProvider services, TenantInfo workspace) => services.GetRequiredService<TenantContext>().Set(workspace);
}
