using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Cairn.Web.Platform.Jobs;

/// <summary>The <c>Cairn:Jobs</c> section.</summary>
public sealed class JobOptions
{
    public const string Section = "Cairn:Jobs";

    /// <summary>Run jobs in this process (a worker). False: only write them (a web-only instance).</summary>
    public bool Server { get; set; } = true;

    public int Workers { get; set; } = 2;

    /// <summary>How often the sweeper looks for outbox messages nobody handed over (a process died after its commit).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often delayed jobs and retries that are due are moved to the queue.</summary>
    public TimeSpan SchedulePollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often workers look for new jobs in PostgreSQL storage.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a fresh message may wait for its own process to hand it over before the sweeper does.</summary>
    public TimeSpan HandOverGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long finished outbox messages are kept (the <c>outbox-cleanup</c> job deletes older ones).</summary>
    public TimeSpan KeepCompleted { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Cron expressions (UTC) that replace a recurring job's default, by job id; <c>off</c> removes the job.
    /// For example <c>Cairn:Jobs:Recurring:outbox-cleanup = "30 4 * * *"</c>.
    /// </summary>
    public Dictionary<string, string> Recurring { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Celery's job: Hangfire runs background work with retries and back-off, delayed and recurring jobs, and a
/// dashboard at <c>/jobs</c> for platform administrators. Its storage is PostgreSQL when the database is, and
/// in-memory on the embedded default (no Hangfire storage for SQLite is served here); the outbox in Cairn's own
/// database keeps the guarantee either way: work whose triggering change committed runs at least once.
/// </summary>
public static class BackgroundJobs
{
    public const string DashboardPath = "/jobs";
    public const string PostgresSchema = "hangfire";

    public static IHostApplicationBuilder AddCairnJobs(this IHostApplicationBuilder builder, DatabaseProvider provider, string? postgres)
    {
        var settings = builder.Configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        builder.Services.Configure<JobOptions>(builder.Configuration.GetSection(JobOptions.Section));
        var durable = provider == DatabaseProvider.Postgres;
        builder.Services.AddSingleton(new JobStorageKind(durable));
        // Each app gets its own storage and client. Hangfire's defaults go through process-wide statics
        // (JobStorage.Current), which is fine for one app per process but wrong for several in one (the tests).
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            services.GetRequiredService<IGlobalConfiguration>(); // serializer settings and logging first
            if (!durable) return new InMemoryStorage();
            var options = new PostgreSqlStorageOptions
            {
                // The schema is installed by migrate (DatabaseSetup), after the database exists.
                SchemaName = PostgresSchema, PrepareSchemaIfNecessary = false, QueuePollInterval = settings.QueuePollInterval,
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(postgres, options), options);
        });
        builder.Services.AddSingleton<IBackgroundJobClient>(services => new BackgroundJobClient(services.GetRequiredService<JobStorage>()));
        builder.Services.AddSingleton<IRecurringJobManager>(services => new RecurringJobManager(services.GetRequiredService<JobStorage>()));
        builder.Services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogs(services.GetRequiredService<ILoggerFactory>())));
        if (settings.Server)
        {
            builder.Services.AddHostedService<JobServerHost>();
            builder.Services.AddSingleton<OutboxSweeper>();
            builder.Services.AddHostedService(services => services.GetRequiredService<OutboxSweeper>());
        }

        builder.Services.AddSingleton<JobRegistry>();
        builder.Services.AddSingleton<OutboxHandOver>();
        builder.Services.AddScoped<OutboxRunner>();
        builder.Services.AddRecurringJob<OutboxCleanup>(OutboxCleanup.Id, "17 3 * * *");
        return builder;
    }

    /// <summary>
    /// A job Hangfire runs on a schedule (cron, UTC), registered when the job server starts; the schedule can be
    /// changed or turned off per id under <c>Cairn:Jobs:Recurring</c>.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string cron) where TJob : class, IRecurringWork
    {
        services.AddScoped<TJob>();
        services.AddSingleton<RecurringJob>(new RecurringJob<TJob>(id, cron));
        return services;
    }

    /// <summary>Registers the handler of one kind of work.</summary>
    public static IServiceCollection AddJob<TPayload, THandler>(this IServiceCollection services)
        where TPayload : IJobPayload where THandler : class, IJobHandler<TPayload>
    {
        services.AddScoped<IJobHandler<TPayload>, THandler>();
        services.AddSingleton(new JobKind(typeof(TPayload)));
        return services;
    }

    public static WebApplication UseCairnJobsDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new PlatformAdminOnly()],
            DashboardTitle = "Cairn background jobs",
            AppPath = "/",
        });
        return app;
    }

    private sealed class PlatformAdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsPlatformAdmin();
    }
}

public sealed record JobStorageKind(bool Durable);

public sealed record JobKind(Type PayloadType);

/// <summary>Payload types by name, for reading outbox messages back.</summary>
public sealed class JobRegistry(IEnumerable<JobKind> kinds)
{
    private readonly Dictionary<string, Type> _types = kinds.ToDictionary(k => k.PayloadType.FullName!, k => k.PayloadType);

    public Type? Find(string kind) => _types.GetValueOrDefault(kind);
}

/// <summary>The Hangfire job: runs one outbox message's work, once it is done marks it so, and never runs finished work again.</summary>
public sealed class OutboxRunner(CairnDbContext db, JobRegistry registry, IServiceProvider services, TenantStore tenants, TenantContext tenant,
    ILogger<OutboxRunner> logger)
{
    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [5, 30, 120, 600, 1800, 3600])]
    public async Task RunAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var message = await db.Set<OutboxMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null || message.CompletedAt is not null) return;
        var type = registry.Find(message.Kind);
        if (type is null)
        {
            logger.LogError("No handler for outbox message {Id} of kind {Kind}", message.Id, message.Kind);
            return;
        }

        if (message.TenantId is { } workspaceId)
        {
            // The job runs in the workspace that asked for it; one deleted since has nothing left to do.
            if (await tenants.FindAsync(workspaceId, cancellationToken) is not { } workspace)
            {
                await db.Set<OutboxMessage>().Where(m => m.Id == messageId).ExecuteUpdateAsync(set => set.SetProperty(m => m.CompletedAt, DateTime.UtcNow), CancellationToken.None);
                return;
            }
            tenant.Set(workspace);
        }

        await db.Set<OutboxMessage>().Where(m => m.Id == messageId).ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        var payload = message.Read(type);
        var handlerType = typeof(IJobHandler<>).MakeGenericType(type);
        var handler = services.GetRequiredService(handlerType);
        try
        {
            await (Task)handlerType.GetMethod(nameof(IJobHandler<IJobPayload>.RunAsync))!.Invoke(handler, [payload, cancellationToken])!;
        }
        catch (Exception e)
        {
            var error = e.GetBaseException().Message;
            await db.Set<OutboxMessage>().Where(m => m.Id == messageId).ExecuteUpdateAsync(set => set.SetProperty(m => m.LastError, error.Length > 2000 ? error[..2000] : error), CancellationToken.None);
            throw;
        }

        await db.Set<OutboxMessage>().Where(m => m.Id == messageId && m.CompletedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.CompletedAt, DateTime.UtcNow), CancellationToken.None);
    }

}

/// <summary>An outbox message to hand over: its id, and when it may run (null: now).</summary>
public readonly record struct OutboxEntry(Guid Id, DateTime? RunAt);

/// <summary>Hands committed outbox messages to Hangfire (queued, or scheduled when they have a <c>RunAt</c>) and notes when.</summary>
public sealed class OutboxHandOver(IBackgroundJobClient jobs, JobStorageKind storage, IOptions<JobOptions> options)
{
    /// <summary>
    /// False for a web-only instance (no job server) on in-memory storage: nothing would ever read its queue, so its
    /// messages wait in the outbox for a worker's sweeper.
    /// </summary>
    public bool Enabled => storage.Durable || options.Value.Server;

    public async Task HandOverAsync(CairnDbContext db, IReadOnlyCollection<OutboxEntry> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0 || !Enabled) return;
        var now = DateTime.UtcNow;
        foreach (var (id, runAt) in messages)
        {
            // Hangfire keeps schedules in whole seconds: round up, so that nothing runs before its time.
            if (runAt > now) jobs.Schedule<OutboxRunner>(runner => runner.RunAsync(id, CancellationToken.None), CeilingToSecond(runAt.Value));
            else jobs.Enqueue<OutboxRunner>(runner => runner.RunAsync(id, CancellationToken.None));
        }

        var ids = messages.Select(m => m.Id).ToList();
        await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, now), cancellationToken);
    }

    private static DateTimeOffset CeilingToSecond(DateTime utc)
    {
        var ticks = (utc.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}

/// <summary>Work a recurring job does; resolved from a fresh scope on every run.</summary>
public interface IRecurringWork
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>One recurring job: its id (shown on the dashboard) and default schedule.</summary>
public abstract record RecurringJob(string Id, string Cron)
{
    public abstract void Register(IRecurringJobManager manager, string cron);
}

public sealed record RecurringJob<TJob>(string Id, string Cron) : RecurringJob(Id, Cron) where TJob : IRecurringWork
{
    public override void Register(IRecurringJobManager manager, string cron) =>
        manager.AddOrUpdate<TJob>(Id, job => job.RunAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
}

/// <summary>Deletes outbox messages finished longer ago than <see cref="JobOptions.KeepCompleted"/>; unfinished ones stay.</summary>
public sealed class OutboxCleanup(CairnDbContext db, IOptions<JobOptions> options, ILogger<OutboxCleanup> logger) : IRecurringWork
{
    public const string Id = "outbox-cleanup";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var before = DateTime.UtcNow - options.Value.KeepCompleted;
        var deleted = await db.Set<OutboxMessage>().Where(m => m.CompletedAt < before).ExecuteDeleteAsync(cancellationToken);
        logger.LogInformation("Deleted {Count} outbox message(s) finished before {Before:u}", deleted, before);
    }
}

/// <summary>
/// Finds outbox messages that were committed but never handed to Hangfire (their process died in between), and,
/// when Hangfire's storage is in memory, the ones handed over to a process that is gone, and hands them over.
/// </summary>
public sealed class OutboxSweeper(IServiceScopeFactory scopes, DatabaseStartup database, JobStorageKind storage,
    IOptions<JobOptions> options, ILogger<OutboxSweeper> logger) : BackgroundService
{
    private readonly DateTime _started = DateTime.UtcNow;
    private int _sweeps;

    /// <summary>How many sweeps have finished since the process started (tests wait for sweeps instead of sleeping).</summary>
    public int Sweeps => Volatile.Read(ref _sweeps);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Ready.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return; // the host reports the database failure itself
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox sweep failed; trying again later");
            }
            Interlocked.Increment(ref _sweeps);

            await Task.Delay(options.Value.SweepInterval, stoppingToken);
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        var handOverBefore = DateTime.UtcNow - options.Value.HandOverGrace;
        var lost = storage.Durable ? DateTime.MinValue : _started;
        var messages = await db.Set<OutboxMessage>()
            .Where(m => m.CompletedAt == null && ((m.DispatchedAt == null && m.CreatedAt < handOverBefore) || m.DispatchedAt < lost))
            .OrderBy(m => m.CreatedAt).Select(m => new OutboxEntry(m.Id, m.RunAt)).Take(500)
            .ToListAsync(cancellationToken);
        if (messages.Count == 0) return;
        logger.LogInformation("Handing over {Count} outbox message(s) left behind", messages.Count);
        await scope.ServiceProvider.GetRequiredService<OutboxHandOver>().HandOverAsync(db, messages, cancellationToken);
    }
}

/// <summary>Starts Hangfire's server once the database is ready (migrated, Hangfire's schema installed), not before.</summary>
public sealed class JobServerHost(IServiceProvider services, DatabaseStartup database, IOptions<JobOptions> options, ILogger<JobServerHost> logger) : IHostedService, IDisposable
{
    private BackgroundJobServer? _server;
    private Task? _starting;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _starting = Task.Run(async () =>
        {
            try
            {
                await database.Ready;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "No background jobs: the database is not ready");
                return;
            }

            _server = new BackgroundJobServer(
                new BackgroundJobServerOptions
                {
                    WorkerCount = options.Value.Workers,
                    SchedulePollingInterval = options.Value.SchedulePollInterval,
                    // A job cut short by a stop runs again (at least once), so stopping need not wait long.
                    ShutdownTimeout = TimeSpan.FromSeconds(5),
                    StopTimeout = TimeSpan.FromSeconds(1),
                    Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()),
                },
                services.GetRequiredService<JobStorage>());
            RegisterRecurringJobs();
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private void RegisterRecurringJobs()
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        foreach (var job in services.GetServices<RecurringJob>())
        {
            var cron = options.Value.Recurring.GetValueOrDefault(job.Id) ?? job.Cron;
            try
            {
                if (string.Equals(cron, "off", StringComparison.OrdinalIgnoreCase)) manager.RemoveIfExists(job.Id);
                else job.Register(manager, cron);
            }
            catch (Exception e)
            {
                // A bad schedule in configuration costs that one job, loudly, not the others.
                logger.LogError(e, "Recurring job {Id} not registered: schedule {Cron} (Cairn:Jobs:Recurring:{Id})", job.Id, cron, job.Id);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_starting is not null) await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_server is null) return;
        _server.SendStop();
        await _server.WaitForShutdownAsync(cancellationToken);
    }

    public void Dispose() => _server?.Dispose();
}
