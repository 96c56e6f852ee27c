using System.Text.Json;
using Cairn.Web.Platform.Events;

namespace Cairn.Web.Platform.Jobs;

/// <summary>The work a background job does; a record, stored as JSON in the outbox.</summary>
public interface IJobPayload;

/// <summary>Does the work of <typeparamref name="TPayload"/>. Throwing makes the job retry later, with back-off.</summary>
public interface IJobHandler<in TPayload> where TPayload : IJobPayload
{
    Task RunAsync(TPayload payload, CancellationToken cancellationToken);
}

/// <summary>Work that should not run before <see cref="RunAt"/> (UTC): a delayed job.</summary>
public interface IDelayedJobPayload : IJobPayload
{
    DateTime RunAt { get; }
}

/// <summary>Turns a domain event into background work, in the same transaction as the change that raised it.</summary>
public interface IOutboxRule<in TEvent> where TEvent : IDomainEvent
{
    IEnumerable<IJobPayload> JobsFor(TEvent domainEvent);
}

/// <summary>
/// One piece of background work, written in the same transaction as the change that asks for it (the
/// transactional outbox). It is handed to Hangfire after the commit; if the process dies first, the sweeper hands
/// it over later. <see cref="CompletedAt"/> is set when the work is done, so a finished job never runs again.
/// </summary>
public sealed class OutboxMessage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The payload's type name (<see cref="Type.FullName"/>).</summary>
    public required string Kind { get; set; }

    public required string Payload { get; set; }

    /// <summary>The workspace that asked for the work (stamped on save); the runner sets it before the job runs. Null: platform work.</summary>
    public int? TenantId { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>Not before this time (UTC); null: as soon as possible.</summary>
    public DateTime? RunAt { get; set; }

    public DateTime? DispatchedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    public static OutboxMessage For(IJobPayload payload) => new()
    {
        Kind = payload.GetType().FullName!,
        Payload = JsonSerializer.Serialize(payload, payload.GetType(), Json),
        RunAt = (payload as IDelayedJobPayload)?.RunAt is { } runAt ? StoredTimes.ToStoredUtc(runAt) : null,
    };

    public IJobPayload Read(Type type) => (IJobPayload)JsonSerializer.Deserialize(Payload, type, Json)!;
}

internal static class OutboxModel
{
    public static void Configure(ModelBuilder model) => model.Entity<OutboxMessage>(message =>
    {
        message.ToTable("platform_outbox");
        message.Property(m => m.Kind).HasMaxLength(200);
        message.Property(m => m.LastError).HasMaxLength(2000);
        // The sweeper's question: what is not done yet, oldest first.
        message.HasIndex(m => new { m.CompletedAt, m.CreatedAt });
    });
}

public static class OutboxExtensions
{
    /// <summary>Asks for background work, committed with whatever else this DbContext saves next.</summary>
    /// <remarks>The message names the current workspace: the job runs in it (the one place that stamps it).</remarks>
    public static OutboxMessage Enqueue(this CairnDbContext db, IJobPayload payload)
    {
        var message = OutboxMessage.For(payload);
        message.TenantId = db.CurrentTenantId;
        db.Set<OutboxMessage>().Add(message);
        return message;
    }

    /// <summary>Asks for background work that runs no sooner than <paramref name="runAt"/> (UTC; a local time is converted).</summary>
    public static OutboxMessage Enqueue(this CairnDbContext db, IJobPayload payload, DateTime runAt)
    {
        var message = db.Enqueue(payload);
        message.RunAt = StoredTimes.ToStoredUtc(runAt);
        return message;
    }
}
