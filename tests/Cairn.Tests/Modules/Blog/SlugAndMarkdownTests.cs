using Cairn.Web.Modules.Blog;
using Cairn.Web.Platform.Web;

namespace Cairn.Tests.Modules.Blog;

/// <summary>Pure rules, without a host: slugs and the Markdown sanitizer.</summary>
public sealed class SlugAndMarkdownTests
{
    [Theory]
    [InlineData("Hello, World!", "hello-world")]
    [InlineData("  Ünïcödé   Straße  ", "unicode-strasse")]
    [InlineData("Crème brûlée à la mode", "creme-brulee-a-la-mode")]
    [InlineData("Привет, мир", "privet-mir")]
    [InlineData("Ελληνικά νέα", "ellinika-nea")]
    [InlineData("你好 世界", "你好-世界")]
    [InlineData("C# & .NET 10", "c-net-10")]
    [InlineData("!!!", "post")]
    public void Slug_IsTransliteratedLowerCaseAndHyphenated(string title, string slug) => Assert.Equal(slug, Slugs.From(title));

    [Fact]
    public void Slug_IsAtMost80Characters_AndDoesNotEndWithAHyphen()
    {
        var slug = Slugs.From(string.Join(' ', Enumerable.Repeat("word", 40)));
        Assert.True(slug.Length <= Slugs.MaxLength);
        Assert.False(slug.EndsWith('-'));
    }

    [Fact]
    public void Slug_Duplicates_GetTheNextFreeNumber()
    {
        Assert.Equal("a", Slugs.Unique("a", []));
        Assert.Equal("a-2", Slugs.Unique("a", ["a"]));
        Assert.Equal("a-4", Slugs.Unique("a", ["a", "a-2", "a-3"]));
    }

    private static readonly MarkdownRenderer Renderer = new();

    [Theory]
    [InlineData("<script>alert(1)</script>Hi", "<script")]
    [InlineData("<img src=\"/x.png\" onerror=\"alert(1)\">", "onerror")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "javascript:")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "data:")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2Zz4=)", "data:")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<p style=\"background:url(x)\">styled</p>", "style=")]
    [InlineData("<div onclick=\"steal()\">x</div>", "onclick")]
    public void Markdown_DangerousInput_IsRemoved(string markdown, string forbidden) =>
        Assert.DoesNotContain(forbidden, Renderer.ToSafeHtml(markdown), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Markdown_KeepsCodeLanguageClasses_AndDropsTheSitesOwn()
    {
        var html = Renderer.ToSafeHtml("<div class=\"position-fixed w-100 h-100\">cover</div>\n\n```csharp\nvar x = 1;\n```");
        Assert.DoesNotContain("position-fixed", html, StringComparison.Ordinal);
        Assert.Contains("class=\"language-csharp\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_IsRendered_AndLinksGetNofollowNoopener()
    {
        var html = Renderer.ToSafeHtml("# Title\n\nSome **bold** and [a link](https://example.com).\n\n<em>raw html</em>");
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<em>raw html</em>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"nofollow noopener\"", html, StringComparison.Ordinal);
    }
}
