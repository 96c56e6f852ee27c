// The load generator of bench/chat.sh. Connects CLIENTS WebSocket clients to a chat hub (Cairn's, or the bare
// ceiling's), ROOM_SIZE to a room, each subscribed to its room; then, in two phases, sends messages whose text
// carries the moment they were sent, and counts and times every delivery:
//   saturate: IN_FLIGHT senders per room (4 by default) each send their next message as soon as the last was
//             answered (closed loop, IN_FLIGHT messages in flight per room): how many deliveries per second the hub
//             sustains;
//   steady:   messages at a fixed rate, RATE deliveries per second in all (open loop): the send-to-receive
//             latency at that load.
// Prints one line per phase: label, phase, deliveries per second, p50 and p99 in ms, deliveries, errors.
//   dotnet ChatLoad.dll URL LABEL  (settings from the environment: CLIENTS, ROOM_SIZE, MEASURE_SECONDS, WARMUP, RATE, IN_FLIGHT,
//   WORKSPACE (the X-Tenant header), TOKENS (a file, one API token per line), ROOMS (a file, one conversation id per line))
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

var url = args.Length > 0 ? args[0].TrimEnd('/') : throw new ArgumentException("usage: ChatLoad URL LABEL");
var label = args.Length > 1 ? args[1] : url;
int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;
var clients = Setting("CLIENTS", 1000);
var roomSize = Setting("ROOM_SIZE", 20);
var seconds = Setting("MEASURE_SECONDS", 10);
var warmup = Setting("WARMUP", 3);
var rate = Setting("RATE", 10_000);
var inFlight = Math.Clamp(Setting("IN_FLIGHT", 4), 1, roomSize);
var workspace = Environment.GetEnvironmentVariable("WORKSPACE");
var tokens = Environment.GetEnvironmentVariable("TOKENS") is { Length: > 0 } tokenFile ? File.ReadAllLines(tokenFile).Where(l => l.Length > 0).ToArray() : [];
var roomCount = (clients + roomSize - 1) / roomSize;
var rooms = Environment.GetEnvironmentVariable("ROOMS") is { Length: > 0 } roomFile
    ? File.ReadAllLines(roomFile).Where(l => l.Length > 0).Select(l => long.Parse(l, CultureInfo.InvariantCulture)).Take(roomCount).ToArray()
    : [.. Enumerable.Range(1, roomCount).Select(r => (long)r)];
if (rooms.Length < roomCount) throw new ArgumentException($"{roomCount} rooms needed, {rooms.Length} given");

var measuring = 0; // 1 while deliveries count
long deliveries = 0, errors = 0;
var latencies = new ConcurrentQueue<double>();

HubConnection Connect(int i)
{
    var hub = new HubConnectionBuilder()
        .WithUrl($"{url}/hubs/chat", options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            if (workspace is not null) options.Headers["X-Tenant"] = workspace;
            if (tokens.Length > 0) options.AccessTokenProvider = () => Task.FromResult<string?>(tokens[i % tokens.Length]);
        })
        .Build();
    hub.ServerTimeout = TimeSpan.FromMinutes(2);
    hub.On<Delivered>("Event", e =>
    {
        if (e.Type != "message" || Volatile.Read(ref measuring) == 0 || e.Text is null || !e.Text.StartsWith("bench ", StringComparison.Ordinal)) return;
        var sent = long.Parse(e.Text.AsSpan(6), CultureInfo.InvariantCulture);
        latencies.Enqueue(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        Interlocked.Increment(ref deliveries);
    });
    return hub;
}

var connections = new HubConnection[clients];
var clock = Stopwatch.StartNew();
for (var batch = 0; batch < clients; batch += 50)
{
    await Task.WhenAll(Enumerable.Range(batch, Math.Min(50, clients - batch)).Select(async i =>
    {
        connections[i] = Connect(i);
        await connections[i].StartAsync();
        await connections[i].InvokeAsync<object[]>("Subscribe", rooms[i / roomSize], long.MaxValue / 2);
    }));
}

Console.Error.WriteLine($"{label}: {clients} clients connected and subscribed in {rooms.Length} rooms in {clock.Elapsed.TotalSeconds:F1} s");
// IN_FLIGHT senders per room, different members of it from room to room (clients take the tokens in turn): the
// per-member budgets see many members sending, as in a real workspace.
var senders = Enumerable.Range(0, rooms.Length)
    .Select(r => Enumerable.Range(0, inFlight).Select(k => connections[Math.Min(clients - 1, r * roomSize + (r + k) % roomSize)]).ToArray()).ToArray();

Task<object> SendAsync(int room, int sender = 0) =>
    senders[room][sender].InvokeAsync<object>("Send", rooms[room], $"bench {Stopwatch.GetTimestamp()}", Guid.NewGuid().ToString("N"));

// Runs the phase for WARMUP + SECONDS, counting only the last SECONDS; prints its line.
async Task PhaseAsync(string phase, Func<CancellationToken, Task> load)
{
    using var stop = new CancellationTokenSource();
    var running = load(stop.Token);
    await Task.Delay(TimeSpan.FromSeconds(warmup));
    while (latencies.TryDequeue(out _)) { }
    Interlocked.Exchange(ref deliveries, 0);
    Interlocked.Exchange(ref errors, 0);
    Volatile.Write(ref measuring, 1);
    var window = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    Volatile.Write(ref measuring, 0);
    var elapsed = window.Elapsed.TotalSeconds;
    var counted = Interlocked.Read(ref deliveries);
    stop.Cancel();
    await running;
    var sorted = latencies.ToArray();
    Array.Sort(sorted);
    double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label} {phase} {counted / elapsed:F0} {At(0.50):F1} {At(0.99):F1} {counted} {Interlocked.Read(ref errors)}"));
    await Task.Delay(1000); // what is still on its way arrives before the next phase
}

await PhaseAsync("saturate", async token =>
    await Task.WhenAll(Enumerable.Range(0, rooms.Length * inFlight).Select(async loop =>
    {
        var (room, sender) = (loop / inFlight, loop % inFlight);
        while (!token.IsCancellationRequested)
        {
            try { await SendAsync(room, sender); }
            catch (Exception) { Interlocked.Increment(ref errors); await Task.Delay(10, CancellationToken.None); }
        }
    })));

var perSecond = (double)rate / roomSize;
await PhaseAsync("steady", async token =>
{
    var pendingSends = new List<Task>();
    var started = Stopwatch.StartNew();
    long sent = 0;
    while (!token.IsCancellationRequested)
    {
        var due = (long)(started.Elapsed.TotalSeconds * perSecond);
        for (; sent < due; sent++)
        {
            var room = (int)(sent % rooms.Length);
            pendingSends.Add(SendAsync(room).ContinueWith(t => { if (t.IsFaulted) Interlocked.Increment(ref errors); }, TaskScheduler.Default));
        }

        pendingSends.RemoveAll(t => t.IsCompleted);
        await Task.Delay(2, CancellationToken.None);
    }

    await Task.WhenAll(pendingSends);
});

foreach (var connection in connections) await connection.DisposeAsync();

/// <summary>The fields of an event the load generator reads.</summary>
internal sealed record Delivered(long ConversationId, long Seq, string Type, string? Text);
