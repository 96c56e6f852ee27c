using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>A fetched page: its HTML and the address it finally came from, or, instead, why it could not be had (a sentence for the user).</summary>
public sealed record FetchedPage(string? Html, Uri? FinalAddress, string? Error);

/// <summary>
/// Fetches a recipe page for a user without letting the user reach what only the server can: only http(s)
/// addresses, every host resolved and refused if any of its addresses is not public (<see cref="NetworkAddresses"/>),
/// and the connection made to an address checked at connect time (so DNS cannot answer differently in between).
/// Redirects are followed here, each checked the same way. Size, time and type are limited; a network problem
/// is an <see cref="FetchedPage.Error"/>, never an exception (the caller's own cancellation still throws).
/// Register with <see cref="RecipeImportServices.AddRecipePageFetcher"/>.
/// </summary>
public sealed class RecipePageFetcher(IHttpClientFactory clients, IOptions<RecipeOptions> options)
{
    /// <summary>The named HttpClient the fetcher uses; <see cref="RecipeImportServices.AddRecipePageFetcher"/> configures it.</summary>
    public const string ClientName = "Cairn.Recipes.Import";

    /// <summary>Who is asking, honestly: a bot that fetches one page because a person asked it to.</summary>
    public const string UserAgent = "CairnRecipeImporter/1.0 (fetches a single recipe page a Cairn user asked to import)";

    /// <summary>Carries the address check from the fetcher to the connection it opens.</summary>
    internal static readonly HttpRequestOptionsKey<Func<IPAddress, bool>> AddressCheck = new("Cairn.Recipes.Import.AddressCheck");

    public const string NotAWebAddress = "That address does not point to a web page (http or https).";
    public const string PrivateAddress = "That address is on a private network, so it cannot be imported.";
    public const string Unreachable = "The site could not be reached.";
    public const string NotHtml = "That page is not HTML.";
    public const string TooManyRedirects = "Too many redirects.";

    private readonly Func<IPAddress, bool> _isAllowed = NetworkAddresses.IsPublic;

    /// <summary>For tests: a fetcher whose idea of an allowed address is <paramref name="isAllowed"/> (when private networks are not allowed).</summary>
    internal RecipePageFetcher(IHttpClientFactory clients, IOptions<RecipeOptions> options, Func<IPAddress, bool> isAllowed) : this(clients, options) =>
        _isAllowed = isAllowed;

    /// <summary>Fetches the page at <paramref name="address"/>, following redirects; see the class for the rules.</summary>
    public async Task<FetchedPage> FetchAsync(string address, CancellationToken cancellationToken)
    {
        var settings = options.Value.Import;
        var seconds = Math.Clamp(settings.TimeoutSeconds, 1, 60);
        Func<IPAddress, bool> isAllowed = settings.AllowPrivateNetworks ? _ => true : _isAllowed;

        if (!Uri.TryCreate((address ?? "").Trim(), UriKind.Absolute, out var start)) return Failed(NotAWebAddress);
        if (Problem(start) is { } problem) return Failed(problem);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            return await FollowAsync(start, isAllowed, settings, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException or SocketException or AuthenticationException
                                      or RefusedAddressException or ArgumentException or InvalidOperationException)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            if (timeout.IsCancellationRequested) return Failed(TookTooLong(seconds));
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            {
                if (inner is RefusedAddressException) return Failed(PrivateAddress);
            }

            return Failed(Unreachable);
        }
    }

    private async Task<FetchedPage> FollowAsync(Uri start, Func<IPAddress, bool> isAllowed, RecipeImportOptions settings, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        var address = start;
        for (var redirects = 0; ; redirects++)
        {
            // Checked here for a clear answer before anything is sent; checked again by the connection itself.
            var addresses = await NetworkAddresses.ResolveAsync(address.IdnHost, cancellationToken);
            if (addresses.Length == 0) return Failed(Unreachable);
            if (!addresses.All(isAllowed)) return Failed(PrivateAddress);

            // HTTP/1.1 or 2, never 3: HTTP/3 would connect over QUIC, past the checking ConnectCallback.
            using var request = new HttpRequestMessage(HttpMethod.Get, address) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
            request.Options.Set(AddressCheck, isAllowed);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xhtml+xml", 0.9));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

            if (response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
                or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect)
            {
                if (response.Headers.Location is not { } location) return Failed($"The site answered {(int)response.StatusCode} without saying where to.");
                if (redirects >= Math.Clamp(settings.MaxRedirects, 0, 10)) return Failed(TooManyRedirects);
                if (!Uri.TryCreate(address, location, out var next)) return Failed(NotAWebAddress);
                if (Problem(next) is { } refused) return Failed(refused);
                address = next;
                continue;
            }

            if (!response.IsSuccessStatusCode) return Failed($"The site answered {(int)response.StatusCode}.");
            return await ReadAsync(response, address, Math.Clamp(settings.MaxBytes, 1_000, 20_000_000), cancellationToken);
        }
    }

    private static async Task<FetchedPage> ReadAsync(HttpResponseMessage response, Uri address, int maxBytes, CancellationToken cancellationToken)
    {
        var contentType = response.Content.Headers.ContentType;
        if (contentType?.MediaType is { } mediaType && !PageBody.IsHtml(mediaType)) return Failed(NotHtml);
        var tooLarge = $"The page is larger than {Size(maxBytes)}.";
        if (response.Content.Headers.ContentLength > maxBytes) return Failed(tooLarge);

        // Read what is decompressed, and never more than one byte past the limit.
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var body = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == body.Length)
            {
                if (length > maxBytes) return Failed(tooLarge);
                Array.Resize(ref body, (int)Math.Min((long)body.Length * 2, maxBytes + 1L));
            }

            var read = await stream.ReadAsync(body.AsMemory(length), cancellationToken);
            if (read == 0) break;
            length += read;
        }

        if (length > maxBytes) return Failed(tooLarge);
        var bytes = body.AsSpan(0, length);
        if (contentType?.MediaType is null && !PageBody.LooksLikeHtml(bytes)) return Failed(NotHtml);
        return new FetchedPage(PageBody.Decode(bytes, contentType?.CharSet), address, null);
    }

    /// <summary>Why <paramref name="address"/> may not be fetched at all, or null: not http(s), or with a user name or password in it.</summary>
    internal static string? Problem(Uri? address)
    {
        if (address is null || !address.IsAbsoluteUri || address.Scheme is not ("http" or "https") || address.IdnHost.Length == 0) return NotAWebAddress;
        if (address.UserInfo.Length > 0) return "Addresses with a user name or password in them cannot be imported.";
        return address.OriginalString.Length > Recipe.MaxSourceLength ? "That address is too long." : null;
    }

    internal static string TookTooLong(int seconds) => $"The page took longer than {seconds} second{(seconds == 1 ? "" : "s")} to answer.";

    private static string Size(int bytes) => bytes >= 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000.0:0.#} kB");

    private static FetchedPage Failed(string error) => new(null, null, error);
}
