// The benchmark's database ceiling: bare Kestrel + Npgsql replaying, per endpoint, the SQL commands that Cairn sends
// for it (captured from PostgreSQL's statement log by bench/conduit.sh), with the same parameters, and writing every
// row as JSON. What the machine can serve for that endpoint when only the database work is left: no EF, no model,
// no serializer, no middleware.
//   DB_CEILING_CONNECTION  the Npgsql connection string (bench/conduit.sh passes Cairn's plus DB_CEILING_OPTIONS)
//   DB_CEILING_CAPTURES    a folder of NAME.json files, each [{"sql": "...", "parameters": ["1", null, ...]}, ...];
//                          every file is served as GET /NAME
//   DB_CEILING_BATCH=1     send an endpoint's commands in one NpgsqlBatch (one round trip) instead of one by one
// The response is one JSON array per command, holding each row as an array of values: [[[v, ...], ...], ...].
// Parameters are sent as text of unknown type (NpgsqlDbType.Unknown): the server infers each type from the SQL,
// as it would for a quoted literal, so the captured text form of any value replays as it was.
using System.Collections;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var connectionString = Environment.GetEnvironmentVariable("DB_CEILING_CONNECTION")
    ?? throw new InvalidOperationException("set DB_CEILING_CONNECTION");
var folder = Environment.GetEnvironmentVariable("DB_CEILING_CAPTURES")
    ?? throw new InvalidOperationException("set DB_CEILING_CAPTURES");
var batched = Environment.GetEnvironmentVariable("DB_CEILING_BATCH") == "1";
var dataSource = NpgsqlDataSource.Create(connectionString);
app.Lifetime.ApplicationStopped.Register(dataSource.Dispose);

foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
{
    var commands = Replay.Load(file);
    app.MapGet("/" + Path.GetFileNameWithoutExtension(file), (HttpContext context) =>
        Replay.RunAsync(context, dataSource, commands, batched));
}

app.Run();

internal sealed record CapturedCommand(string Sql, string?[] Parameters);

internal static class Replay
{
    // Bytes written to the response pipe before it is flushed to the socket mid-response.
    private const int FlushThreshold = 16 * 1024;

    public static CapturedCommand[] Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        return [.. document.RootElement.EnumerateArray().Select(command => new CapturedCommand(
            command.GetProperty("sql").GetString()!,
            [.. command.GetProperty("parameters").EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Null ? null : p.GetString())]))];
    }

    public static async Task RunAsync(HttpContext context, NpgsqlDataSource dataSource, CapturedCommand[] commands, bool batched)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = context.Response.BodyWriter;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var json = new Utf8JsonWriter(body);
        long flushed = 0;
        json.WriteStartArray();
        if (batched)
        {
            await using var batch = new NpgsqlBatch(connection);
            foreach (var captured in commands)
            {
                var command = new NpgsqlBatchCommand(captured.Sql);
                AddParameters(command.Parameters, captured.Parameters);
                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                await WriteRowsAsync(reader, json, cancellationToken);
                flushed = await FlushIfLargeAsync(json, body, flushed, cancellationToken);
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        else
        {
            foreach (var captured in commands)
            {
                await using var command = new NpgsqlCommand(captured.Sql, connection);
                AddParameters(command.Parameters, captured.Parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                // A command may carry several statements; the captured ones carry one each.
                do
                {
                    await WriteRowsAsync(reader, json, cancellationToken);
                }
                while (await reader.NextResultAsync(cancellationToken));

                flushed = await FlushIfLargeAsync(json, body, flushed, cancellationToken);
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, string?[] values)
    {
        foreach (var value in values)
            parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown, Value = (object?)value ?? DBNull.Value });
    }

    private static async Task<long> FlushIfLargeAsync(Utf8JsonWriter json, System.IO.Pipelines.PipeWriter body, long flushed, CancellationToken cancellationToken)
    {
        json.Flush();
        if (json.BytesCommitted - flushed < FlushThreshold) return flushed;
        await body.FlushAsync(cancellationToken);
        return json.BytesCommitted;
    }

    private static async Task WriteRowsAsync(NpgsqlDataReader reader, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        json.WriteStartArray();
        while (await reader.ReadAsync(cancellationToken))
        {
            json.WriteStartArray();
            for (var i = 0; i < reader.FieldCount; i++)
                WriteValue(json, reader.IsDBNull(i) ? null : reader.GetValue(i));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string text: json.WriteStringValue(text); break;
            case bool flag: json.WriteBooleanValue(flag); break;
            case short number: json.WriteNumberValue(number); break;
            case int number: json.WriteNumberValue(number); break;
            case long number: json.WriteNumberValue(number); break;
            case decimal number: json.WriteNumberValue(number); break;
            case double number: json.WriteNumberValue(number); break;
            case float number: json.WriteNumberValue(number); break;
            case Guid id: json.WriteStringValue(id); break;
            case DateTime time: json.WriteStringValue(time); break;
            case DateTimeOffset time: json.WriteStringValue(time); break;
            case byte[] bytes: json.WriteBase64StringValue(bytes); break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items) WriteValue(json, item);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
