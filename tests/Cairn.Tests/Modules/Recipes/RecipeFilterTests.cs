using Microsoft.EntityFrameworkCore;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;
using Microsoft.Extensions.DependencyInjection;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>The recipe list's words, ingredient, cuisine, diet, time, rating and author filters and its sorts, from the address bar.</summary>
public sealed class RecipeFilterTests(CairnApp app) : IAsyncLifetime
{
    private string _workspace = "";
    private TestUser _member = null!;
    private PageClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        _workspace = await app.CreateWorkspaceAsync(owner.Id, prefix: "rcp-filter");
        _member = await app.CreateUserAsync(_workspace);
        var curry = await CreateAsync(app, _workspace, owner.Id, Input("Thai green curry", "500 g chicken thighs\n1 can coconut milk\n2 tbsp green curry paste", cuisine: "Thai", diets: [Diets.GlutenFree, Diets.DairyFree], prep: 10, cook: 20));
        var chicken = await CreateAsync(app, _workspace, owner.Id, Input("Garlic chicken", "4 chicken breasts\n6 cloves garlic", cuisine: "French", prep: 10, cook: 40));
        await CreateAsync(app, _workspace, owner.Id, Input("Peanut noodles", "200 g noodles\n3 tbsp peanut butter\n2 cloves garlic", cuisine: "thai", diets: [Diets.Vegan, Diets.Vegetarian], prep: 15));
        var soup = await CreateAsync(app, _workspace, _member.Id, Input("Tomato soup", "2 x 400g cans chopped tomatoes\n1 onion", cuisine: "Italian", diets: [Diets.Vegan, Diets.Vegetarian, Diets.GlutenFree], prep: 5, cook: 20));
        await CreateAsync(app, _workspace, owner.Id, Input("Slow roast lamb", "2 kg lamb shoulder", cuisine: "British", prep: 20, cook: 220));
        var (scope, db) = await app.DbForAsync(_workspace);
        await using (scope)
        {
            var rater = await app.CreateUserAsync(_workspace);
            db.AddRange(
                new RecipeRating { RecipeId = curry.Id, UserId = owner.Id, Stars = 5 }, new RecipeRating { RecipeId = curry.Id, UserId = rater.Id, Stars = 4 },
                new RecipeRating { RecipeId = chicken.Id, UserId = rater.Id, Stars = 3 }, new RecipeRating { RecipeId = soup.Id, UserId = owner.Id, Stars = 5 });
            await db.SaveChangesAsync();
        }

        _client = app.Browser(_workspace);
        await _client.LogInAsync(owner);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string[]> ListAsync(string query)
    {
        var (response, page) = await _client.GetAsync("/recipes" + query);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return [.. page.QuerySelectorAll("[data-testid=recipe-card]").Select(c => c.GetAttribute("data-slug")!)];
    }

    [Theory]
    [InlineData("?include=chicken", "garlic-chicken thai-green-curry")]
    [InlineData("?include=garlic&exclude=peanut", "garlic-chicken")]
    [InlineData("?include=Tomatoes", "tomato-soup")]
    [InlineData("?include=garlic,chicken", "garlic-chicken")]
    [InlineData("?exclude=chicken,lamb", "tomato-soup peanut-noodles")]
    [InlineData("?cuisine=Thai", "peanut-noodles thai-green-curry")]
    [InlineData("?diet=vegan", "tomato-soup peanut-noodles")]
    [InlineData("?diet=vegan,gluten-free", "tomato-soup")]
    [InlineData("?diet=vegan&diet=gluten-free", "tomato-soup")]
    [InlineData("?time=30", "tomato-soup peanut-noodles thai-green-curry")]
    [InlineData("?rating=4", "tomato-soup thai-green-curry")]
    [InlineData("?sort=rating", "tomato-soup thai-green-curry garlic-chicken slow-roast-lamb peanut-noodles")]
    [InlineData("?sort=time", "peanut-noodles tomato-soup thai-green-curry garlic-chicken slow-roast-lamb")]
    [InlineData("?author=me", "slow-roast-lamb peanut-noodles garlic-chicken thai-green-curry")]
    [InlineData("?q=curry", "thai-green-curry")]
    [InlineData("?q=shoulder", "slow-roast-lamb")]
    [InlineData("?q=soup&include=tomato&diet=vegan&time=60&sort=rating", "tomato-soup")]
    [InlineData("", "slow-roast-lamb tomato-soup peanut-noodles garlic-chicken thai-green-curry")]
    public async Task TheList_AnswersEachFilterAndSort(string query, string slugs) => Assert.Equal(slugs.Split(' '), await ListAsync(query));

    [Fact]
    public async Task AnAuthorsUsername_ListsTheirRecipes_AndNoMatchSaysSo()
    {
        Assert.Equal(["tomato-soup"], await ListAsync($"?author={_member.UserName}"));
        var (_, page) = await _client.GetAsync("/recipes?include=durian");
        Assert.Contains("No recipes match.", page.QuerySelector("[data-testid=no-recipes]")!.TextContent);
    }

    [Fact]
    public async Task ValuesThatCannotBeRead_AreLeftOutAndNamed()
    {
        var (_, page) = await _client.GetAsync("/recipes?time=soon&diet=paleo&sort=weird&rating=9&q=" + new string('x', 300));
        var named = page.QuerySelector("[data-testid=ignored]")!.TextContent;
        foreach (var key in new[] { "time", "diet", "sort", "rating", "q" }) Assert.Contains(key, named);
        Assert.Equal(5, page.QuerySelectorAll("[data-testid=recipe-card]").Length);
    }

    [Fact]
    public async Task Pages_FollowEachOther_WithTheFilterKept()
    {
        var queries = app.Services.CreateScope().ServiceProvider;
        var pageSize = queries.GetRequiredService<Microsoft.Extensions.Options.IOptions<RecipeOptions>>().Value.PageSize;
        var (scope, db) = await app.DbForAsync(_workspace);
        await using (scope)
        {
            var author = (await db.Set<Recipe>().FirstAsync()).AuthorId;
            for (var i = 0; i < pageSize; i++) await CreateAsync(app, _workspace, author, Input($"Chicken variation {i}", "1 chicken"));
        }

        var (_, first) = await _client.GetAsync("/recipes?include=chicken");
        Assert.Equal(pageSize, first.QuerySelectorAll("[data-testid=recipe-card]").Length);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/recipes?include=chicken&page=2", next);
        var (_, second) = await _client.GetAsync(next);
        Assert.Equal(["garlic-chicken", "thai-green-curry"], second.QuerySelectorAll("[data-testid=recipe-card]").Select(c => c.GetAttribute("data-slug")!));
        Assert.Null(second.QuerySelector("a[rel=next]"));
        Assert.Equal("/recipes?include=chicken", second.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
    }
}
