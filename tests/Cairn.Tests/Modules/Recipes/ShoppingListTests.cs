using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>The shopping list and meal plan: merged amounts, aisles, checked items that stay checked, households.</summary>
public sealed class ShoppingListTests(CairnApp app)
{
    private Task<(string Workspace, TestUser Owner, PageClient Client)> SignedInOwnerAsync() => RecipeKit.SignedInOwnerAsync(app, "rcp-shop");

    private static async Task<Dictionary<string, (string Amount, string Aisle, bool Checked)>> ItemsAsync(PageClient client, string path = "/recipes/shopping")
    {
        var (response, page) = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelectorAll("[data-testid=shopping-item]").ToDictionary(
            i => i.QuerySelector("[data-testid=item-food]")!.TextContent + (i.GetAttribute("data-checked") == "true" ? " (checked)" : ""),
            i => (i.QuerySelector("[data-testid=item-amount]")!.TextContent, i.Closest("section")!.GetAttribute("aria-label")!, i.GetAttribute("data-checked") == "true"));
    }

    private static Task<HttpResponseMessage> ShopAsync(PageClient client, string slug, string? servings = null) =>
        client.SubmitAsync($"/recipes/{slug}", servings is null ? new Dictionary<string, string>() : new() { ["servings"] = servings }, "form[data-testid=shop-form]");

    [Fact]
    public async Task TwoRecipes_MergeTheSameFoodInCompatibleUnits_ScaledAndGroupedByAisle()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            await CreateAsync(app, ws, owner.Id, Input("Cake", "200 g butter\n2 eggs\n1 cup milk\nsalt to taste\n1-2 cloves garlic", servings: 4));
            await CreateAsync(app, ws, owner.Id, Input("Pie", "0.5 kg butter\n3 eggs\n2 tbsp milk\n1 onion, diced\n3 cloves garlic", servings: 2));
            Assert.Equal(HttpStatusCode.Redirect, (await ShopAsync(client, "cake")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await ShopAsync(client, "pie")).StatusCode);
            var items = await ItemsAsync(client);
            Assert.Equal(("700 g", "Dairy & eggs", false), items["butter"]);
            Assert.Equal(("5", "Dairy & eggs", false), items["eggs"]);
            Assert.Equal(("1⅛ cups", "Dairy & eggs", false), items["milk"]);
            Assert.Equal(("", "Herbs & spices", false), items["salt"]);
            Assert.Equal(("1", "Fruit & vegetables", false), items["onion"]);
            // A range is bought at its upper end.
            Assert.Equal(("5 cloves", "Fruit & vegetables", false), items["garlic"]);

            // Scaled: the pie for 4 is twice the pie.
            await ShopAsync(client, "pie", "4");
            items = await ItemsAsync(client);
            Assert.Equal("1.7 kg", items["butter"].Amount);
            Assert.Equal("11", items["eggs"].Amount);
        }
    }

    [Fact]
    public async Task ACheckedItem_StaysChecked_WhenTheSameFoodIsAddedAgain_AndClearingRemovesIt()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            await CreateAsync(app, ws, owner.Id, Input("Toast", "2 slices bread\n20 g butter"));
            await ShopAsync(client, "toast");
            await client.SubmitAsync("/recipes/shopping", new Dictionary<string, string>(), "[data-testid=shopping-item]:has([data-testid=item-food]) form");
            var items = await ItemsAsync(client);
            Assert.Single(items, i => i.Value.Checked);
            var checkedFood = items.Single(i => i.Value.Checked).Key;

            await ShopAsync(client, "toast");
            items = await ItemsAsync(client);
            Assert.True(items[checkedFood].Checked);
            Assert.False(items[checkedFood.Replace(" (checked)", "")].Checked);
            Assert.Equal(3, items.Count);

            await client.SubmitAsync("/recipes/shopping", new Dictionary<string, string>(), "form[action*='handler=Clear']");
            items = await ItemsAsync(client);
            Assert.Equal(2, items.Count);
            Assert.DoesNotContain(items, i => i.Value.Checked);
        }
    }

    [Fact]
    public async Task TwoMembersAtOnce_OneCheckingOffWhileTheOtherAddsTheSameFood_NoItemComesBack()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            await CreateAsync(app, ws, owner.Id, Input("Bake", "100 g flour"));
            await ShopAsync(client, "bake");
            int listId;
            var (scope, db) = await app.DbForAsync(ws);
            await using (scope) listId = await db.Set<ShoppingList>().Where(l => l.OwnerId == owner.Id).Select(l => l.Id).SingleAsync();

            // Round after round: one checks off every unchecked flour while the other adds more, at the same moment.
            for (var round = 0; round < 15; round++)
            {
                var checker = Task.Run(async () =>
                {
                    var (s, d) = await app.DbForAsync(ws);
                    await using (s)
                    {
                        var shopping = s.ServiceProvider.GetRequiredService<ShoppingLists>();
                        foreach (var id in await d.Set<ShoppingItem>().Where(i => i.ListId == listId && !i.Checked).Select(i => i.Id).ToListAsync())
                            await shopping.SetCheckedAsync(listId, id, true, CancellationToken.None);
                    }
                });
                var adder = Task.Run(async () =>
                {
                    var (s, _) = await app.DbForAsync(ws);
                    await using (s)
                        await s.ServiceProvider.GetRequiredService<ShoppingLists>().AddAsync(listId, [new ShoppingLine("flour", "flour", 100, "g", "Bake")], CancellationToken.None);
                });
                await Task.WhenAll(checker, adder);
            }

            (scope, db) = await app.DbForAsync(ws);
            await using (scope)
            {
                var flour = await db.Set<ShoppingItem>().Where(i => i.ListId == listId).ToListAsync();
                // Every 100 g added is on the list once, checked or not; never two unchecked flours.
                Assert.Equal(1600, flour.Sum(i => i.Amount ?? 0), 3);
                Assert.True(flour.Count(i => !i.Checked) <= 1);
                Assert.All(flour.Where(i => i.Checked), i => Assert.NotNull(i.CheckedAt));
            }
        }
    }

    [Fact]
    public async Task AHousehold_SharesTheListAndThePlan_OthersGet404()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            var partner = await app.CreateUserAsync(ws);
            var neighbour = await app.CreateUserAsync(ws);
            await CreateAsync(app, ws, owner.Id, Input("Stew", "2 carrots\n500 g beef"));
            await ShopAsync(client, "stew");
            var (_, page) = await client.GetAsync("/recipes/shopping");
            Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/recipes/shopping", new Dictionary<string, string> { ["members"] = partner.Id.ToString() }, "form[data-testid=share-form]")).StatusCode);
            int listId;
            var (scope, db) = await app.DbForAsync(ws);
            await using (scope) listId = await db.Set<ShoppingList>().Where(l => l.OwnerId == owner.Id).Select(l => l.Id).SingleAsync();

            using var partnerClient = app.Browser(ws);
            await partnerClient.LogInAsync(partner);
            Assert.Equal(2, (await ItemsAsync(partnerClient, $"/recipes/shopping?list={listId}")).Count);
            // The partner adds to the household's list from a recipe page, and plans a meal on it.
            var (_, recipePage) = await partnerClient.GetAsync("/recipes/stew");
            Assert.NotNull(recipePage.QuerySelector($"select[name=list] option[value='{listId}']"));
            await partnerClient.SubmitAsync("/recipes/stew", new Dictionary<string, string> { ["list"] = listId.ToString() }, "form[data-testid=shop-form]");
            Assert.Equal("4", (await ItemsAsync(client))["carrots"].Amount);
            var planned = await partnerClient.SubmitAsync("/recipes/stew", new Dictionary<string, string> { ["list"] = listId.ToString(), ["day"] = "2026-12-09", ["servings"] = "8" }, "form[data-testid=plan-form]");
            Assert.Equal($"/recipes/plan?week=2026-12-09&list={listId}", planned.Headers.Location!.OriginalString);
            var (_, plan) = await client.GetAsync("/recipes/plan?week=2026-12-09");
            Assert.Equal("Stew for 8", string.Join(' ', plan.QuerySelector("[data-day='2026-12-09'] [data-testid=planned-meal] span")!.TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));

            using var neighbourClient = app.Browser(ws);
            await neighbourClient.LogInAsync(neighbour);
            Assert.Equal(HttpStatusCode.NotFound, (await neighbourClient.Http.GetAsync($"/recipes/shopping?list={listId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await neighbourClient.Http.GetAsync($"/recipes/plan?list={listId}")).StatusCode);
            Assert.Empty(await ItemsAsync(neighbourClient));
            var token = (await neighbourClient.GetAsync("/recipes/shopping")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var sneaky = await neighbourClient.Http.PostAsync($"/recipes/shopping?handler=Add&list={listId}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Line"] = "1 kg caviar", ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.NotFound, sneaky.StatusCode);
            Assert.DoesNotContain("caviar", (await ItemsAsync(client)).Keys);
        }
    }

    [Fact]
    public async Task TheWeeksPlan_GoesOnTheShoppingListScaledToEachMeal()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            await CreateAsync(app, ws, owner.Id, Input("Porridge", "50 g oats\n200 ml milk", servings: 1));
            await CreateAsync(app, ws, owner.Id, Input("Pancakes", "1 cup flour\n250 ml milk\n2 eggs", servings: 4));
            await client.SubmitAsync("/recipes/porridge", new Dictionary<string, string> { ["day"] = "2026-12-07", ["servings"] = "2" }, "form[data-testid=plan-form]");
            await client.SubmitAsync("/recipes/porridge", new Dictionary<string, string> { ["day"] = "2026-12-08", ["servings"] = "2" }, "form[data-testid=plan-form]");
            await client.SubmitAsync("/recipes/pancakes", new Dictionary<string, string> { ["day"] = "2026-12-13", ["servings"] = "2" }, "form[data-testid=plan-form]");
            // Another week stays off this week's list.
            await client.SubmitAsync("/recipes/pancakes", new Dictionary<string, string> { ["day"] = "2026-12-14", ["servings"] = "4" }, "form[data-testid=plan-form]");

            var (_, plan) = await client.GetAsync("/recipes/plan?week=2026-12-10");
            Assert.Equal(3, plan.QuerySelectorAll("[data-testid=planned-meal]").Length);
            Assert.Equal("2026-12-07", plan.QuerySelectorAll("[data-testid=plan-day]")[0].GetAttribute("data-day"));
            await client.SubmitAsync("/recipes/plan?week=2026-12-10", new Dictionary<string, string>(), "form[action*='handler=Shop']");
            var items = await ItemsAsync(client);
            Assert.Equal("200 g", items["oats"].Amount);
            Assert.Equal("925 ml", items["milk"].Amount);
            Assert.Equal("1", items["eggs"].Amount);
            Assert.Equal("½ cup", items["flour"].Amount);
        }
    }
}
