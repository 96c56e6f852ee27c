using System.Diagnostics;
using System.Net;
using Cairn.Web.Modules.Recipes;
using Cairn.Web.Modules.Recipes.Import;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Modules.Recipes.Import;

/// <summary>
/// The page fetcher against a real site on 127.0.0.1 (<see cref="RecipeSite"/>): with private networks allowed, what
/// it fetches, follows and refuses; with them refused, that no loopback, private or odd-looking address is ever
/// asked, also when a redirect leads there, and that only http(s) is fetched at all.
/// </summary>
public sealed class RecipePageFetcherTests(RecipeSite site) : IClassFixture<RecipeSite>
{
    private static ServiceProvider Services(Action<RecipeImportOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddRecipePageFetcher();
        services.Configure<RecipeOptions>(options => configure(options.Import));
        return services.BuildServiceProvider();
    }

    private static async Task<FetchedPage> FetchAsync(string address, Action<RecipeImportOptions> configure)
    {
        using var services = Services(configure);
        return await services.GetRequiredService<RecipePageFetcher>().FetchAsync(address, CancellationToken.None);
    }

    private static Task<FetchedPage> FetchPrivateAsync(string address, Action<RecipeImportOptions>? configure = null) =>
        FetchAsync(address, options =>
        {
            options.AllowPrivateNetworks = true;
            configure?.Invoke(options);
        });

    private static void AssertRefused(FetchedPage page, string error)
    {
        Assert.Equal(error, page.Error);
        Assert.Null(page.Html);
    }

    [Fact]
    public async Task Fetch_ARecipePage_GivesItsHtmlWhichReadsAsTheRecipe()
    {
        var page = await FetchPrivateAsync(site.Url("/galette"));

        Assert.Null(page.Error);
        Assert.Equal(site.Url("/galette"), page.FinalAddress?.AbsoluteUri);
        var recipe = RecipePageReader.Read(page.Html!, page.FinalAddress);
        Assert.Equal("Brown Butter Apple Galette", recipe?.Title);
        Assert.Equal(site.Url("/galette"), recipe?.SourceUrl);
    }

    [Fact]
    public async Task Fetch_ARedirectChainWithinTheLimit_IsFollowedToTheEnd()
    {
        var page = await FetchPrivateAsync(site.Url("/hop/3"), options => options.MaxRedirects = 3);

        Assert.Null(page.Error);
        Assert.Equal(site.Url("/hop/0"), page.FinalAddress?.AbsoluteUri);
        Assert.Contains("Brown Butter Apple Galette", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_MoreRedirectsThanTheLimit_AreRefused()
    {
        AssertRefused(await FetchPrivateAsync(site.Url("/hop/4"), options => options.MaxRedirects = 3), "Too many redirects.");
        AssertRefused(await FetchPrivateAsync(site.Url("/hop/1"), options => options.MaxRedirects = 0), "Too many redirects.");
    }

    [Fact]
    public async Task Fetch_APageLargerThanMaxBytes_IsRefused()
    {
        Assert.True(RecipeSite.BigPageBytes > 10_000);

        AssertRefused(await FetchPrivateAsync(site.Url("/big"), options => options.MaxBytes = 10_000), "The page is larger than 10 kB.");
    }

    [Fact]
    public async Task Fetch_ACompressedPageThatInflatesPastMaxBytes_IsRefused()
    {
        AssertRefused(await FetchPrivateAsync(site.Url("/bomb"), options => options.MaxBytes = 10_000), "The page is larger than 10 kB.");
    }

    [Fact]
    public async Task Fetch_APageThatTricklesSlowly_HitsTheTimeout()
    {
        var clock = Stopwatch.StartNew();
        var page = await FetchPrivateAsync(site.Url("/slow"), options => options.TimeoutSeconds = 1);

        AssertRefused(page, "The page took longer than 1 second to answer.");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {clock.Elapsed}");
    }

    [Fact]
    public async Task Fetch_AnImage_IsRefusedAsNotHtml()
    {
        AssertRefused(await FetchPrivateAsync(site.Url("/photo.png")), "That page is not HTML.");
    }

    [Fact]
    public async Task Fetch_AMissingPage_SaysWhatTheSiteAnswered()
    {
        AssertRefused(await FetchPrivateAsync(site.Url("/no-such-recipe")), "The site answered 404.");
    }

    [Fact]
    public async Task Fetch_APageWithoutAContentTypeThatStartsLikeHtml_IsAccepted()
    {
        var page = await FetchPrivateAsync(site.Url("/untyped"));

        Assert.Null(page.Error);
        Assert.Contains("<title>Plain</title>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_APageInWindows1252_IsDecodedByItsMetaCharset()
    {
        var page = await FetchPrivateAsync(site.Url("/latin"));

        Assert.Null(page.Error);
        Assert.Contains("<title>Crème brûlée</title>", page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/never/loopback")]
    [InlineData("http://localhost:{port}/never/localhost")]
    [InlineData("http://[::1]:{port}/never/ipv6-loopback")]
    [InlineData("http://2130706433:{port}/never/decimal")]
    [InlineData("http://0x7f.1:{port}/never/hex")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/never/mapped")]
    [InlineData("http://0.0.0.0:{port}/never/unspecified")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://192.168.1.1/admin")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[fd00::1]/")]
    public async Task Fetch_APrivateAddress_IsRefusedBeforeAnyRequest(string template)
    {
        var address = template.Replace("{port}", site.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var page = await FetchAsync(address, _ => { });

        AssertRefused(page, RecipePageFetcher.PrivateAddress);
        Assert.False(site.Saw(new Uri(address).AbsolutePath), "the request reached the site");
    }

    [Fact]
    public async Task Fetch_ANameThatDoesNotResolve_IsRefused()
    {
        var page = await FetchAsync("https://recipes.cairn-importer-test.invalid/soup", options => options.TimeoutSeconds = 5);

        Assert.Null(page.Html);
        Assert.Contains(page.Error, new[] { RecipePageFetcher.Unreachable, "The page took longer than 5 seconds to answer." });
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://x/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<h1>Soup</h1>")]
    [InlineData("gopher://x/")]
    [InlineData("/etc/passwd")]
    [InlineData("recipes.example/soup")]
    [InlineData("")]
    public async Task Fetch_AnAddressThatIsNotHttp_IsRefused(string address)
    {
        AssertRefused(await FetchPrivateAsync(address), RecipePageFetcher.NotAWebAddress);
    }

    [Fact]
    public async Task Fetch_AnAddressWithAUserName_IsRefused()
    {
        var page = await FetchPrivateAsync($"http://cook:secret@127.0.0.1:{site.Port}/never/userinfo");

        Assert.Null(page.Html);
        Assert.NotNull(page.Error);
        Assert.False(site.Saw("/never/userinfo"));
    }

    [Fact]
    public async Task Fetch_ARedirectFromAnAllowedAddressToAPrivateOne_IsRefused()
    {
        // Only 127.0.0.1 counts as allowed here, so the redirect to 127.0.0.2 (loopback too) is the private hop.
        using var services = Services(_ => { });
        var fetcher = new RecipePageFetcher(
            services.GetRequiredService<IHttpClientFactory>(), services.GetRequiredService<IOptions<RecipeOptions>>(), a => a.Equals(IPAddress.Loopback));

        AssertRefused(await fetcher.FetchAsync(site.Url("/to-private"), CancellationToken.None), RecipePageFetcher.PrivateAddress);
        Assert.True(site.Saw("/to-private"));
        Assert.Null((await fetcher.FetchAsync(site.Url("/galette"), CancellationToken.None)).Error);
    }

    [Fact]
    public async Task TheNamedClient_UsedWithoutTheFetcher_StillRefusesToConnectToLoopback()
    {
        // The connection checks the address it connects to (against DNS answering differently the second time).
        using var services = Services(options => options.AllowPrivateNetworks = true);
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(RecipePageFetcher.ClientName);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(site.Url("/never/direct")));

        Assert.IsType<RefusedAddressException>(failure.InnerException);
        Assert.False(site.Saw("/never/direct"));
    }

    [Fact]
    public async Task Fetch_ARedirectToAFileAddress_IsRefused()
    {
        AssertRefused(await FetchPrivateAsync(site.Url("/to-file")), RecipePageFetcher.NotAWebAddress);
    }

    [Fact]
    public void Options_OutOfTheirRanges_StopTheOptionsFromBuilding()
    {
        using var services = Services(options => options.MaxBytes = 10);

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RecipeOptions>>().Value);
        Assert.Contains("MaxBytes", failure.Message, StringComparison.Ordinal);
    }
}
