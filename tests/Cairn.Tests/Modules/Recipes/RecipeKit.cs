using Microsoft.EntityFrameworkCore;
using AngleSharp.Html.Dom;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>Recipes for tests: made through the module's own form service, read back, and the recipe form posted with photos.</summary>
internal static class RecipeKit
{
    public static RecipeInput Input(string title, string ingredients = "2 cups flour\n1 tsp salt", RecipeVisibility visibility = RecipeVisibility.Members,
        int servings = 4, string cuisine = "", Diets[]? diets = null, int? prep = null, int? cook = null) => new()
    {
        Title = title, Ingredients = ingredients, Steps = "1. Mix.\n2. Bake.", Servings = servings, Cuisine = cuisine, Diets = [.. diets ?? []],
        Visibility = visibility, PrepMinutes = prep, CookMinutes = cook,
    };

    /// <summary>A new workspace, its Owner, and a browser signed in as them there.</summary>
    public static async Task<(string Workspace, TestUser Owner, PageClient Client)> SignedInOwnerAsync(CairnApp app, string prefix)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: prefix);
        var client = app.Browser(ws);
        await client.LogInAsync(owner);
        return (ws, owner, client);
    }

    /// <summary>Creates a recipe in <paramref name="workspace"/> by <paramref name="author"/>, as the form would.</summary>
    public static async Task<Recipe> CreateAsync(CairnApp app, string workspace, Guid author, RecipeInput input)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
        {
            var form = scope.ServiceProvider.GetRequiredService<RecipeForm>();
            var recipe = new Recipe { Title = input.Title, Slug = "", AuthorId = author };
            var errors = await form.ApplyAsync(recipe, input, CancellationToken.None);
            Assert.Empty(errors);
            db.Add(recipe);
            await form.SaveAsync(CancellationToken.None);
            return recipe;
        }
    }

    public static async Task<Recipe?> FindAsync(CairnApp app, string workspace, string slug)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
            return await db.Set<Recipe>().Include(r => r.Ingredients).Include(r => r.Photos).AsNoTracking().FirstOrDefaultAsync(r => r.Slug == slug);
    }

    /// <summary>Every photo file the app has stored for recipes, in every workspace.</summary>
    public static string[] PhotoFiles(CairnApp app) => Files(Path.Combine(app.DataDirectory, "media", "recipes"));

    /// <summary>The photo files stored for <paramref name="workspace"/>'s recipes.</summary>
    public static async Task<string[]> PhotoFilesAsync(CairnApp app, string workspace)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
            return Files(Path.Combine(app.DataDirectory, "media", "recipes", db.CurrentTenantId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string[] Files(string folder) => Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];

    /// <summary>
    /// Posts the form of <paramref name="path"/> as a browser does with files chosen: its fields as the page has them,
    /// <paramref name="fields"/> over them (repeated names allowed), and <paramref name="photos"/> as <c>Photos</c>.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(PageClient client, string path, IEnumerable<KeyValuePair<string, string>> fields,
        IEnumerable<(string FileName, byte[] Bytes, string ContentType)>? photos = null, string formSelector = "form[data-recipe-form]", string? handler = null)
    {
        var (_, page) = await client.GetAsync(path);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"no form on {path}");
        var overridden = fields.ToList();
        var names = overridden.Select(f => f.Key).ToHashSet();
        var content = new MultipartFormDataContent();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            if (names.Contains(input.Name!) || input.Type == "file" || (input.Type is "checkbox" or "radio" && !input.IsChecked)) continue;
            content.Add(new StringContent(input.Value), input.Name!);
        }

        foreach (var area in form.QuerySelectorAll("textarea[name]").OfType<IHtmlTextAreaElement>())
            if (!names.Contains(area.Name!)) content.Add(new StringContent(area.Value), area.Name!);
        foreach (var (key, value) in overridden) content.Add(new StringContent(value), key);
        foreach (var (fileName, bytes, contentType) in photos ?? [])
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            content.Add(file, "Photos", fileName);
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? path : form.GetAttribute("action")!;
        if (handler is not null) action += (action.Contains('?') ? "&" : "?") + "handler=" + handler;
        return await client.Http.PostAsync(action, content);
    }

    public static KeyValuePair<string, string> Field(string name, string value) => new(name, value);
}
