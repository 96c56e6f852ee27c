using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cairn.Web.Platform.Events;

/// <summary>Something that happened to the data, raised by an entity and handled after it is committed (Django's signals).</summary>
public interface IDomainEvent;

/// <summary>An entity that raises events; they leave with the next successful commit.</summary>
public interface IRaisesEvents
{
    IReadOnlyList<IDomainEvent> PendingEvents { get; }

    void ClearEvents();
}

/// <summary>Runs for every committed event of type <typeparamref name="TEvent"/> (register as scoped).</summary>
public interface IDomainEventHandler<in TEvent> where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>A list of events an entity keeps until they are saved.</summary>
public sealed class EventList : IRaisesEvents
{
    private readonly List<IDomainEvent> _events = [];

    public IReadOnlyList<IDomainEvent> PendingEvents => _events;

    public void Raise(IDomainEvent domainEvent) => _events.Add(domainEvent);

    public void ClearEvents() => _events.Clear();
}

/// <summary>
/// Collects events from the entities a SaveChanges writes and hands them to their handlers once the data is
/// committed: right after SaveChanges when it ran in its own transaction, or when the surrounding transaction
/// commits. A failed save or a rolled-back transaction drops them, so no handler ever sees a change that did not
/// happen. One per DbContext scope (it holds that scope's pending events); handlers run in the same scope, after
/// the commit; a handler that throws is logged and does not undo the committed change. Work that must survive a
/// crash between commit and handler (email, say) belongs in the outbox of background jobs, not in a handler.
/// EF Core calls it through <see cref="DomainEventInterceptor"/>, which finds the dispatcher of the unit of work
/// that leased the saving context.
/// </summary>
public sealed class DomainEventDispatcher(IServiceProvider services, ILogger<DomainEventDispatcher> logger) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private List<IDomainEvent> _saving = [];
    private readonly List<IDomainEvent> _awaitingCommit = [];
    private List<Jobs.OutboxEntry> _outboxSaving = [];
    private readonly List<Jobs.OutboxEntry> _outboxAwaitingCommit = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Committed(eventData.Context)) DispatchAsync(CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Committed(eventData.Context)) await DispatchAsync(cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => (_saving, _outboxSaving) = ([], []);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        (_saving, _outboxSaving) = ([], []);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => DispatchAsync(CancellationToken.None).GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => DispatchAsync(cancellationToken);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget();
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget();

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget();
        return Task.CompletedTask;
    }

    private void Forget()
    {
        _awaitingCommit.Clear();
        _outboxAwaitingCommit.Clear();
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        _saving = [];
        foreach (var entry in context.ChangeTracker.Entries<IRaisesEvents>())
        {
            _saving.AddRange(entry.Entity.PendingEvents);
            entry.Entity.ClearEvents();
        }

        // Background work the events ask for joins this very save: the transactional outbox.
        foreach (var domainEvent in _saving)
        {
            var ruleType = typeof(IOutboxRule<>).MakeGenericType(domainEvent.GetType());
            foreach (var rule in services.GetServices(ruleType))
            {
                var jobs = (IEnumerable<IJobPayload>)ruleType.GetMethod(nameof(IOutboxRule<IDomainEvent>.JobsFor))!.Invoke(rule, [domainEvent])!;
                // Through Enqueue, like any other work: the message names the change's workspace.
                foreach (var job in jobs) ((CairnDbContext)context).Enqueue(job);
            }
        }

        _outboxSaving = context.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added)
            .Select(e => new Jobs.OutboxEntry(e.Entity.Id, e.Entity.RunAt)).ToList();
    }

    /// <summary>True when the save is already durable; otherwise its events wait for the transaction's commit.</summary>
    private bool Committed(DbContext? context)
    {
        _awaitingCommit.AddRange(_saving);
        _saving = [];
        _outboxAwaitingCommit.AddRange(_outboxSaving);
        _outboxSaving = [];
        return context?.Database.CurrentTransaction is null;
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        if (_outboxAwaitingCommit.Count > 0)
        {
            var ids = _outboxAwaitingCommit.ToList();
            _outboxAwaitingCommit.Clear();
            try
            {
                // A scope of its own: this context's transaction may be ending right now.
                await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                await services.GetRequiredService<OutboxHandOver>().HandOverAsync(scope.ServiceProvider.GetRequiredService<CairnDbContext>(), ids, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Committed all the same: the outbox sweeper hands them over later.
                logger.LogWarning(e, "Could not hand {Count} outbox message(s) to the job queue; the sweeper will", ids.Count);
            }
        }

        if (_awaitingCommit.Count == 0) return;
        var events = _awaitingCommit.ToList();
        _awaitingCommit.Clear();
        foreach (var domainEvent in events)
        {
            var handlerType = typeof(IDomainEventHandler<>).MakeGenericType(domainEvent.GetType());
            foreach (var handler in services.GetServices(handlerType))
            {
                try
                {
                    await (Task)handlerType.GetMethod(nameof(IDomainEventHandler<IDomainEvent>.HandleAsync))!.Invoke(handler, [domainEvent, cancellationToken])!;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Handler {Handler} failed for {Event}; the change it follows is committed", handler!.GetType().Name, domainEvent.GetType().Name);
                }
            }
        }
    }
}

/// <summary>
/// The interceptor pooled contexts share: it hands each save and transaction event to the
/// <see cref="DomainEventDispatcher"/> of the unit of work that leased the context.
/// </summary>
internal sealed class DomainEventInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static DomainEventDispatcher? Of(DbContext? context) =>
        (context as CairnDbContext)?.UnitOfWorkServices.GetRequiredService<DomainEventDispatcher>();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        Of(eventData.Context)?.SavingChanges(eventData, result) ?? result;

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        Of(eventData.Context)?.SavingChangesAsync(eventData, result, cancellationToken) ?? ValueTask.FromResult(result);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        Of(eventData.Context)?.SavedChanges(eventData, result) ?? result;

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        Of(eventData.Context)?.SavedChangesAsync(eventData, result, cancellationToken) ?? ValueTask.FromResult(result);

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Of(eventData.Context)?.SaveChangesFailed(eventData);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Of(eventData.Context)?.SaveChangesFailedAsync(eventData, cancellationToken) ?? Task.CompletedTask;

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Of(eventData.Context)?.TransactionCommitted(transaction, eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Of(eventData.Context)?.TransactionCommittedAsync(transaction, eventData, cancellationToken) ?? Task.CompletedTask;

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        Of(eventData.Context)?.TransactionRolledBack(transaction, eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Of(eventData.Context)?.TransactionRolledBackAsync(transaction, eventData, cancellationToken) ?? Task.CompletedTask;

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) =>
        Of(eventData.Context)?.TransactionFailed(transaction, eventData);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Of(eventData.Context)?.TransactionFailedAsync(transaction, eventData, cancellationToken) ?? Task.CompletedTask;
}

public static class DomainEventExtensions
{
    /// <summary>One dispatcher per unit of work; one interceptor, shared by the pooled contexts, finds it.</summary>
    public static IServiceCollection AddDomainEvents(this IServiceCollection services)
    {
        services.AddScoped<DomainEventDispatcher>();
        services.AddSingleton<IInterceptor, DomainEventInterceptor>();
        return services;
    }
}
