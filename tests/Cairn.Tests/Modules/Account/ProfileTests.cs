using System.Net;
using System.Net.Http.Headers;
using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Modules.Account;

public sealed class ProfileTests(CairnApp app)
{
    // The smallest valid PNG: one transparent pixel.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task Profile_WhenAnonymous_RedirectsToLogin()
    {
        using var client = app.Browser();
        var response = await client.Http.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_Edit_SavesDisplayNameAndBio_AndUpdatesTheNavigation()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);

        var response = await client.SubmitAsync("/account/profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Ada Lovelace",
            ["Input.Bio"] = "Writes the first programs.",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (_, page) = await client.GetAsync("/account/profile");
        Assert.Equal("Ada Lovelace", page.QuerySelector("input[name='Input.DisplayName']")!.GetAttribute("value"));
        Assert.Equal("Writes the first programs.", page.QuerySelector("textarea[name='Input.Bio']")!.TextContent.Trim());
        Assert.Contains("Ada Lovelace", page.QuerySelector("[data-testid=current-user]")!.TextContent);
        Assert.Contains("Your profile is saved.", page.QuerySelector(".flash-messages")!.TextContent);
    }

    [Fact]
    public async Task Profile_EmptyDisplayName_ShowsValidationError()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        var response = await client.SubmitAsync("/account/profile", new Dictionary<string, string> { ["Input.DisplayName"] = "" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("Enter the name people will see.", page.QuerySelector("[data-valmsg-for='Input.DisplayName']")!.TextContent);
    }

    [Fact]
    public async Task Profile_AvatarUpload_StoresAndServesThePicture()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);

        var response = await PostProfileWithFile(client, Png, "me.png");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (_, page) = await client.GetAsync("/account/profile");
        var src = page.QuerySelector("img.avatar-lg")!.GetAttribute("src")!;
        Assert.StartsWith("/media/avatars/", src, StringComparison.Ordinal);
        var image = await client.Http.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await image.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Profile_AvatarThatIsNotAPicture_IsRefusedBesideTheField()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);

        var response = await PostProfileWithFile(client, "<script>alert(1)</script>"u8.ToArray(), "evil.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("Use a PNG, JPEG, GIF or WebP picture.", page.QuerySelector("[data-valmsg-for='Input.Avatar']")!.TextContent);
    }

    [Fact]
    public async Task Profile_AvatarLargerThanTheLimit_IsRefused()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);

        var big = new byte[1024 * 1024 + 1];
        Png.CopyTo(big, 0);
        var response = await PostProfileWithFile(client, big, "big.png");
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("at most 1024 KB", page.QuerySelector("[data-valmsg-for='Input.Avatar']")!.TextContent);
    }

    private static async Task<HttpResponseMessage> PostProfileWithFile(PageClient client, byte[] content, string fileName)
    {
        var token = await client.AntiforgeryTokenAsync("/account/profile");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Picture Person"), "Input.DisplayName" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "Input.Avatar", fileName);
        return await client.Http.PostAsync("/account/profile", form);
    }
}
