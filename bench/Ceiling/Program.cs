// A bare Kestrel endpoint that returns a fixed JSON body (the file named by CEILING_BODY): what the
// machine can serve with no framework work on top, measured by the same wrk run as Cairn.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var body = File.ReadAllBytes(Environment.GetEnvironmentVariable("CEILING_BODY") ?? throw new InvalidOperationException("set CEILING_BODY"));
app.MapGet("/json", () => Results.Bytes(body, "application/json; charset=utf-8"));
app.Run();
