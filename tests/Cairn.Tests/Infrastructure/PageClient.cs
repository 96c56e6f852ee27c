using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Cairn.Tests.Infrastructure;

/// <summary>
/// Drives pages the way a browser without JavaScript would: GET a page, fill its form (antiforgery token
/// included, taken from the page), POST it, follow the redirect by hand.
/// </summary>
public sealed class PageClient(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http => http;

    public async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetAsync(string path)
    {
        var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        return (response, await Parser.ParseDocumentAsync(html));
    }

    /// <summary>Submits the form of the page at <paramref name="path"/> that contains <paramref name="formSelector"/>, with its fields overridden by <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, IDictionary<string, string> fields, string formSelector = "main form")
    {
        var (_, page) = await GetAsync(path);
        return await SubmitAsync(page, path, fields, formSelector);
    }

    /// <summary>Submits a form of a page read earlier (a stale copy, say), with its fields overridden by <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, string path, IDictionary<string, string> fields, string formSelector = "main form")
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"no form '{formSelector}' on {path}");
        var values = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            if (input.Type == "file") continue;
            values[input.Name!] = input.Value;
        }

        foreach (var area in form.QuerySelectorAll("textarea[name]").OfType<IHtmlTextAreaElement>()) values[area.Name!] = area.Value;
        foreach (var select in form.QuerySelectorAll("select[name]").OfType<IHtmlSelectElement>()) values[select.Name!] = select.Value ?? "";
        foreach (var (key, value) in fields) values[key] = value;
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? path : form.GetAttribute("action")!;
        return await http.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Submits the login page's form for <paramref name="user"/> and returns the answer.</summary>
    public Task<HttpResponseMessage> SubmitLoginAsync(TestUser user) =>
        SubmitAsync("/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email,
            ["Input.Password"] = user.Password,
        });

    /// <summary>Signs in through the login page and checks that it worked.</summary>
    public async Task LogInAsync(TestUser user) =>
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitLoginAsync(user)).StatusCode);

    public async Task<string> AntiforgeryTokenAsync(string path)
    {
        var (_, page) = await GetAsync(path);
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"no antiforgery token on {path}");
    }

    public void Dispose() => http.Dispose();
}
