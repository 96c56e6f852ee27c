using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Data;

namespace Cairn.Tests.Platform;

/// <summary>Issue 11, item 3: one rule for tags and one word search, the same in the blog and the task list.</summary>
public sealed class ApiToolkitTests(CairnApp app)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<PageClient> WriterAsync()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        return await app.ApiClientAsync(await app.CreateWorkspaceAsync(owner.Id, prefix: "kit"), owner);
    }

    private static IEnumerable<string?> Tags(JsonElement body) => body.GetProperty("tags").EnumerateArray().Select(t => t.GetString());

    private static string ElevenTags => JsonSerializer.Serialize(Enumerable.Range(1, 11).Select(n => $"t{n}"));

    [Theory]
    [InlineData("/api/v1/blog/posts", """{"title": "Walls", "body": "Stone on stone.", "tags": ["#Stone", " STONE ", "Dry   walls", ""]}""")]
    [InlineData("/api/v1/tasks", """{"title": "Walls", "tags": ["#Stone", " STONE ", "Dry   walls", ""]}""")]
    public async Task BothModules_CleanTagsOneWay_AndFindThemHoweverTheAddressSpellsThem(string collection, string body)
    {
        using var client = await WriterAsync();
        var created = await client.Http.PostAsync(collection, Json(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["dry walls", "stone"], Tags(await BodyAsync(created)));

        var found = await BodyAsync(await client.Http.GetAsync($"{collection}?tag=%23Stone"));
        Assert.Equal(1, found.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/blog/posts", """{"title": "Walls", "body": "b", "tags": TAGS}""")]
    [InlineData("/api/v1/tasks", """{"title": "Walls", "tags": TAGS}""")]
    public async Task BothModules_RefuseTooManyOrTooLongTags_WithTheSameMessage_InsteadOfCuttingThem(string collection, string body)
    {
        using var client = await WriterAsync();
        foreach (var (tags, message) in new[] { (ElevenTags, "At most 10 tags."), ($"""["{new string('x', 41)}"]""", "A tag may be at most 40 characters long.") })
        {
            var response = await client.Http.PostAsync(collection, Json(body.Replace("TAGS", tags, StringComparison.Ordinal)));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal([message], (await BodyAsync(response)).GetProperty("errors").GetProperty("tags").EnumerateArray().Select(m => m.GetString()));
        }

        Assert.Equal(0, (await BodyAsync(await client.Http.GetAsync(collection))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheBlogTagPage_ReadsTheTagTheSameWay()
    {
        using var client = await WriterAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsync("/api/v1/blog/posts", Json("""{"title": "Moss", "body": "b", "tags": ["Moss"]}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/blog/tag/MOSS")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/blog/tag/lichen")).StatusCode);
    }

    [Fact]
    public void WordSearch_SkipsSingleLettersAndRepeats_AndStopsAtEightWords()
    {
        Assert.Equal(["big", "STONE"], WordSearch.Words("a big STONE, Big!"));
        Assert.Equal(WordSearch.MaxWords, WordSearch.Words("one two three four five six seven eight nine ten").Count);
        Assert.Empty(WordSearch.Words("% _ \\ a"));
    }
}
