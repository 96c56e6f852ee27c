using Cairn.Web.Platform.Web;

namespace Cairn.Tests.Platform;

/// <summary>
/// Plain lines of words (most chat messages) skip Markdig and the sanitizer: what they render to must be exactly
/// what the parser and the sanitizer make of them, and anything Markdown could read as markup must still go through both.
/// </summary>
public sealed class MarkdownPlainTextTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Fact]
    public void RandomPlainLines_RenderAsTheParserAndSanitizerWould()
    {
        const string alphabet = "abcxyzABCXYZ0123456789éßжΩ中語 ,;!?'";
        var random = new Random(20261206);
        var checkedLines = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var chars = new char[random.Next(1, 60)];
            for (var j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            if (!MarkdownRenderer.IsPlainText(text)) continue;
            checkedLines++;
            Assert.Equal(Renderer.RenderMarkdown(text).Html, Renderer.Render(text).Html);
        }

        Assert.True(checkedLines > 500, $"only {checkedLines} random lines were plain");
        Assert.Equal("<p>sounds good, see you at 10!</p>\n", Renderer.Render("sounds good, see you at 10!").Html);
    }

    [Theory]
    [InlineData("www.example.com")]
    [InlineData("see https://example.com")]
    [InlineData("1. first")]
    [InlineData("a *b* c")]
    [InlineData("<b>bold</b>")]
    [InlineData("Tom & Jerry")]
    [InlineData("say \"hi\"")]
    [InlineData("two\nlines")]
    [InlineData("    code")]
    [InlineData("ends with space ")]
    [InlineData("# heading")]
    [InlineData("- item")]
    [InlineData("a [link](http://x)")]
    [InlineData("smile 😀")]
    public void TextMarkdownCouldRead_GoesThroughTheParser(string text)
    {
        Assert.False(MarkdownRenderer.IsPlainText(text));
        Assert.Equal(Renderer.RenderMarkdown(text).Html, Renderer.Render(text).Html);
    }
}
