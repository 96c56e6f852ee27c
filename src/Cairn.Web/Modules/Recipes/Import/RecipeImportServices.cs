using System.Net;
using System.Net.Sockets;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>Registers the recipe importer's fetcher and the one HttpClient it may use.</summary>
public static class RecipeImportServices
{
    /// <summary>
    /// Adds <see cref="RecipePageFetcher"/> and its named HttpClient: no automatic redirects, cookies or proxy,
    /// decompression on (the fetcher counts the decompressed bytes), and connections only to addresses checked when
    /// connecting. Also validates <c>Cairn:Recipes:Import</c> with the rest of the module's options.
    /// </summary>
    public static IHttpClientBuilder AddRecipePageFetcher(this IServiceCollection services)
    {
        services.AddSingleton<RecipePageFetcher>();
        services.AddSingleton<IValidateOptions<RecipeOptions>, RecipeImportOptionsValidation>();
        return services.AddHttpClient(RecipePageFetcher.ClientName, client =>
            {
                // The fetcher's own deadline (TimeoutSeconds, at most 60) ends every fetch first.
                client.Timeout = TimeSpan.FromSeconds(90);
                client.DefaultRequestHeaders.UserAgent.ParseAdd(RecipePageFetcher.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectCallback = ConnectAsync,
                // A refused or oversize answer is not read to its end to keep the connection.
                MaxResponseDrainSize = 0,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            });
    }

    /// <summary>
    /// Opens the connection for a request: resolves the host again, refuses it if any address fails the request's
    /// check (the strict public-only one when it carries none), and connects to the checked addresses only.
    /// </summary>
    internal static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var isAllowed = context.InitialRequestMessage.Options.TryGetValue(RecipePageFetcher.AddressCheck, out var check) ? check : NetworkAddresses.IsPublic;
        var host = context.DnsEndPoint.Host;
        var addresses = await NetworkAddresses.ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0 || !addresses.All(isAllowed)) throw new RefusedAddressException(host);

        SocketException? failure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw failure ?? new SocketException((int)SocketError.HostNotFound);
    }
}
