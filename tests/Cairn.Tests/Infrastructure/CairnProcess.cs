using System.Diagnostics;

namespace Cairn.Tests.Infrastructure;

/// <summary>Cairn as a separate process (<c>dotnet Cairn.Web.dll …</c>), configured like a test app's own host.</summary>
internal static class CairnProcess
{
    /// <summary>Start information for <c>dotnet Cairn.Web.dll</c> <paramref name="args"/> on <paramref name="app"/>'s database and data folder.</summary>
    public static ProcessStartInfo For(CairnApp app, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Cairn.Web.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Cairn__DataDirectory"] = app.DataDirectory;
        start.Environment["Cairn__Database__Provider"] = app.Database.Provider;
        start.Environment[$"ConnectionStrings__{app.Database.Provider}"] = app.Database.ConnectionString;
        start.Environment["Cairn__Tenancy__BaseDomain"] = "localhost";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }
}
