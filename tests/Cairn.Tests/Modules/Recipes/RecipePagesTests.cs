using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;
using Cairn.Web.Platform.Tenancy;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>The recipe pages without JavaScript: the form, the page with scaling and units, print, renames, ratings, favourites, comments.</summary>
public sealed class RecipePagesTests(CairnApp app)
{
    private Task<(string Workspace, TestUser Owner, PageClient Client)> SignedInOwnerAsync() => RecipeKit.SignedInOwnerAsync(app, "recipes");

    private static string Text(AngleSharp.Dom.IElement? element) =>
        string.Join(' ', (element?.TextContent ?? "").Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task NewRecipe_ThroughTheForm_IsSavedWithSectionsParsedIngredientsAndAnAddressFromItsTitle()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            var response = await PostFormAsync(client, "/recipes/new",
            [
                Field("Input.Title", "Lemon Drizzle Cake"),
                Field("Input.Ingredients", "For the cake:\n225g unsalted butter, softened\n225g caster sugar\n4 eggs\n\nFor the drizzle:\n1 lemon, juiced\n85g caster sugar"),
                Field("Input.Steps", "1. Beat the butter and sugar.\n2. Bake for **45 minutes**.\n\n<script>alert(1)</script>"),
                Field("Input.PrepMinutes", "15"), Field("Input.CookMinutes", "45"), Field("Input.Servings", "8"),
                Field("Input.Cuisine", "British"), Field("Input.Diets", "Vegetarian"), Field("Input.Diets", "NutFree"),
            ]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/recipes/lemon-drizzle-cake", response.Headers.Location!.OriginalString);

            var recipe = (await FindAsync(app, ws, "lemon-drizzle-cake"))!;
            Assert.Equal(owner.Id, recipe.AuthorId);
            Assert.Equal(60, recipe.TotalMinutes);
            Assert.Equal(Diets.Vegetarian | Diets.NutFree, recipe.Diets);
            Assert.Equal("british", recipe.CuisineKey);
            var butter = recipe.Ingredients.OrderBy(i => i.Position).First();
            Assert.Equal(("For the cake", 225.0, "g", "unsalted butter", "softened"), (butter.Section, butter.Quantity!.Value, butter.Unit, butter.Food, butter.Note));
            Assert.Equal("For the drizzle", recipe.Ingredients.Single(i => i.Food == "lemon").Section);
            Assert.Contains(" lemon ", recipe.FoodWords);
            Assert.DoesNotContain("<script", recipe.StepsHtml);
            Assert.Contains("<strong>45 minutes</strong>", recipe.StepsHtml);

            var (_, page) = await client.GetAsync("/recipes/lemon-drizzle-cake");
            Assert.Contains("Recipe “Lemon Drizzle Cake” added.", Text(page.QuerySelector(".flash-messages")));
            Assert.Equal(["For the cake", "For the drizzle"], page.QuerySelectorAll("#ingredients-heading ~ h3").Select(h => h.TextContent.Trim()));
            Assert.Equal("225g unsalted butter, softened", Text(page.QuerySelector("[data-testid=ingredient]")));
            Assert.Contains("1 h", Text(page.QuerySelector("[data-testid=recipe-facts]")));
        }
    }

    [Fact]
    public async Task ThePage_ScalesServingsAndSwitchesUnits_ShowingTheLineAsWritten_AndSoDoesThePrintView()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            await CreateAsync(app, ws, owner.Id, Input("Bread", "2 cups all-purpose flour\n1 tsp salt\n3 eggs\n1 1/2 cups whole milk\nsalt to taste"));
            async Task<string[]> AmountsAsync(string query)
            {
                var (response, page) = await client.GetAsync("/recipes/bread" + query);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return [.. page.QuerySelectorAll("[data-testid=ingredient]").Select(Text)];
            }

            Assert.Equal(["2 cups all-purpose flour", "1 tsp salt", "3 eggs", "1 1/2 cups whole milk", "salt to taste"], await AmountsAsync(""));
            Assert.Equal(
                ["4 cups all-purpose flour as written: 2 cups all-purpose flour", "2 tsp salt as written: 1 tsp salt", "6 eggs as written: 3 eggs",
                 "3 cups whole milk as written: 1 1/2 cups whole milk", "salt to taste"],
                await AmountsAsync("?servings=8"));
            var metric = await AmountsAsync("?units=metric");
            Assert.Equal("250 g all-purpose flour as written: 2 cups all-purpose flour", metric[0]);
            Assert.Equal("1 tsp salt", metric[1]);
            Assert.Equal("355 ml whole milk as written: 1 1/2 cups whole milk", metric[3]);
            Assert.Equal("3 eggs", metric[2]);
            // A scaled page links its print view with the same amounts.
            var (_, scaled) = await client.GetAsync("/recipes/bread?servings=2&units=metric");
            Assert.Equal("Scaled from 4 to 2 servings.", Text(scaled.QuerySelector("[data-testid=scaled-note]")));
            var printLink = scaled.QuerySelector("a[href^='/recipes/bread/print']")!.GetAttribute("href")!;
            var (print, printed) = await client.GetAsync(printLink);
            Assert.Equal(HttpStatusCode.OK, print.StatusCode);
            Assert.Null(printed.QuerySelector("#main-nav"));
            Assert.Equal("125 g all-purpose flour", Text(printed.QuerySelector("[data-testid=ingredient]")));
            // Servings out of range are ignored, never an error.
            Assert.Equal("2 cups all-purpose flour", (await AmountsAsync("?servings=0"))[0]);
        }
    }

    [Fact]
    public async Task BadInput_IsAnsweredOnTheFormWithWhatWasTypedKept()
    {
        var (_, _, client) = await SignedInOwnerAsync();
        using (client)
        {
            var response = await PostFormAsync(client, "/recipes/new",
                [Field("Input.Title", ""), Field("Input.Ingredients", "3 carrots"), Field("Input.SourceUrl", "javascript:alert(1)"), Field("Input.Servings", "0"), Field("Input.PrepMinutes", "-5")]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await PageClient.ParseAsync(response);
            Assert.Equal("Give the recipe a title.", Text(page.QuerySelector("[data-valmsg-for='Input.Title']")));
            Assert.Equal("Servings are from 1 to 500.", Text(page.QuerySelector("[data-valmsg-for='Input.Servings']")));
            Assert.Equal("Enter minutes, from 0 to 10,080 (a week).", Text(page.QuerySelector("[data-valmsg-for='Input.PrepMinutes']")));
            Assert.Equal("3 carrots", page.QuerySelector("textarea[name='Input.Ingredients']")!.TextContent.Trim());

            response = await PostFormAsync(client, "/recipes/new", [Field("Input.Title", "Carrots"), Field("Input.SourceUrl", "javascript:alert(1)")]);
            page = await PageClient.ParseAsync(response);
            Assert.Equal("Enter the address of a web page, starting with http:// or https://.", Text(page.QuerySelector("[data-valmsg-for='Input.SourceUrl']")));
        }
    }

    [Fact]
    public async Task CheckIngredients_ShowsHowEachLineWasRead_MarksTheDoubtfulOnes_AndSavesNothing()
    {
        var (ws, _, client) = await SignedInOwnerAsync();
        using (client)
        {
            var response = await PostFormAsync(client, "/recipes/new", [Field("Input.Title", "Check me"), Field("Input.Ingredients", "2 1/2 cups flour, sifted\n3 1/2")], handler: "Check");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await PageClient.ParseAsync(response);
            var rows = page.QuerySelectorAll("[data-testid=review-row]");
            Assert.Equal(2, rows.Length);
            Assert.Equal("false", rows[0].GetAttribute("data-low"));
            Assert.Equal(["2 1/2 cups flour, sifted", "2½", "cup", "flour", "sifted"], rows[0].QuerySelectorAll("td").Select(Text));
            Assert.Equal("true", rows[1].GetAttribute("data-low"));
            Assert.Contains("(1 to check)", Text(page.QuerySelector("#review-heading")));
            Assert.Null(await FindAsync(app, ws, "check-me"));
        }
    }

    [Fact]
    public async Task Renaming_GivesANewAddress_TheOldOneRedirects_AndANewRecipeDoesNotTakeIt()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            await CreateAsync(app, ws, owner.Id, Input("Soup"));
            var response = await PostFormAsync(client, "/recipes/soup/edit", [Field("Input.Title", "Tomato Soup")]);
            Assert.Equal("/recipes/tomato-soup", response.Headers.Location!.OriginalString);

            var old = await client.Http.GetAsync("/recipes/soup?servings=2");
            Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
            Assert.Equal("/recipes/tomato-soup?servings=2", old.Headers.Location!.OriginalString);
            Assert.Equal("/recipes/tomato-soup/print", (await client.Http.GetAsync("/recipes/soup/print")).Headers.Location!.OriginalString);

            var second = await CreateAsync(app, ws, owner.Id, Input("Soup"));
            Assert.Equal("soup-2", second.Slug);
            // Renamed back, it takes its old address again, and the name it leaves redirects.
            await PostFormAsync(client, "/recipes/tomato-soup/edit", [Field("Input.Title", "Soup")]);
            Assert.Equal(HttpStatusCode.MovedPermanently, (await client.Http.GetAsync("/recipes/tomato-soup")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/recipes/soup")).StatusCode);
            Assert.Equal("Soup", (await FindAsync(app, ws, "soup"))!.Title);
        }
    }

    [Fact]
    public async Task Ratings_OneEachAverageAndCountKeptByTheDatabase_AndViewersCannotRate()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            await CreateAsync(app, ws, owner.Id, Input("Rated"));
            var other = await app.CreateUserAsync(ws);
            using var otherClient = app.Browser(ws);
            await otherClient.LogInAsync(other);

            Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/recipes/rated", new Dictionary<string, string> { ["stars"] = "5" }, "form[data-testid=rate-form]")).StatusCode);
            await otherClient.SubmitAsync("/recipes/rated", new Dictionary<string, string> { ["stars"] = "2" }, "form[data-testid=rate-form]");
            await otherClient.SubmitAsync("/recipes/rated", new Dictionary<string, string> { ["stars"] = "4" }, "form[data-testid=rate-form]");
            var recipe = (await FindAsync(app, ws, "rated"))!;
            Assert.Equal((2, 9, 4.5), (recipe.RatingCount, recipe.RatingSum, recipe.RatingAverage));
            var (_, page) = await client.GetAsync("/recipes/rated");
            Assert.Equal("★ 4.5 from 2 ratings", Text(page.QuerySelector("[data-testid=rating]")));
            Assert.Equal("true", page.QuerySelector("[data-testid=rate-form] button[value='5']")!.GetAttribute("aria-pressed"));
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SubmitAsync("/recipes/rated", new Dictionary<string, string> { ["stars"] = "6" }, "form[data-testid=rate-form]")).StatusCode);

            var viewer = await app.CreateUserAsync(ws, WorkspaceRole.Viewer);
            using var viewerClient = app.Browser(ws);
            await viewerClient.LogInAsync(viewer);
            var (_, viewerPage) = await viewerClient.GetAsync("/recipes/rated");
            Assert.Null(viewerPage.QuerySelector("[data-testid=rate-form]"));
            var token = await viewerClient.AntiforgeryTokenAsync("/account/profile");
            var rate = await viewerClient.Http.PostAsync("/recipes/rated?handler=Rate", new FormUrlEncodedContent(new Dictionary<string, string> { ["stars"] = "1", ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Forbidden, rate.StatusCode);
            Assert.Equal(2, (await FindAsync(app, ws, "rated"))!.RatingCount);
        }
    }

    [Fact]
    public async Task Favourites_Toggle_AndCommentsAreDeletedByTheirAuthorOrTheRecipesAuthorOnly()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            await CreateAsync(app, ws, owner.Id, Input("Liked"));
            await client.SubmitAsync("/recipes/liked", new Dictionary<string, string>(), "form[data-testid=favourite-form]");
            var (_, page) = await client.GetAsync("/recipes/liked");
            Assert.Equal("true", page.QuerySelector("[data-testid=favourite]")!.GetAttribute("aria-pressed"));
            await client.SubmitAsync("/recipes/liked", new Dictionary<string, string>(), "form[data-testid=favourite-form]");
            (_, page) = await client.GetAsync("/recipes/liked");
            Assert.Equal("false", page.QuerySelector("[data-testid=favourite]")!.GetAttribute("aria-pressed"));

            var member = await app.CreateUserAsync(ws);
            using var memberClient = app.Browser(ws);
            await memberClient.LogInAsync(member);
            Assert.Equal(HttpStatusCode.Redirect, (await memberClient.SubmitAsync("/recipes/liked", new Dictionary<string, string> { ["CommentBody"] = "Lovely <b>crumb</b>" }, "form[data-testid=comment-form]")).StatusCode);
            var empty = await memberClient.SubmitAsync("/recipes/liked", new Dictionary<string, string> { ["CommentBody"] = "  " }, "form[data-testid=comment-form]");
            Assert.Equal("Write a comment first.", Text((await PageClient.ParseAsync(empty)).QuerySelector("[data-valmsg-for=CommentBody]")));

            (_, page) = await client.GetAsync("/recipes/liked");
            var comment = page.QuerySelector("[data-testid=comment]")!;
            Assert.Contains("Lovely <b>crumb</b>", comment.TextContent);
            Assert.Null(comment.QuerySelector("b"));

            // A third member may not delete it; the recipe's author may.
            var third = await app.CreateUserAsync(ws);
            using var thirdClient = app.Browser(ws);
            await thirdClient.LogInAsync(third);
            var (_, thirdPage) = await thirdClient.GetAsync("/recipes/liked");
            Assert.Null(thirdPage.QuerySelector("[data-testid=comment] form"));
            var action = comment.QuerySelector("form")!.GetAttribute("action")!;
            var token = thirdPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            Assert.Equal(HttpStatusCode.Forbidden, (await thirdClient.Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/recipes/liked", new Dictionary<string, string>(), "[data-testid=comment] form")).StatusCode);
            (_, page) = await client.GetAsync("/recipes/liked");
            Assert.Empty(page.QuerySelectorAll("[data-testid=comment]"));
        }
    }

    [Fact]
    public async Task AProfile_ShowsWhatTheReaderMaySee_FavouritesOnlyWhenShared_AndFollowingFillsTheFeed()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            await CreateAsync(app, ws, owner.Id, Input("Shared stew"));
            await CreateAsync(app, ws, owner.Id, Input("Draft stew", visibility: RecipeVisibility.Private));
            var member = await app.CreateUserAsync(ws);
            using var memberClient = app.Browser(ws);
            await memberClient.LogInAsync(member);
            var favourite = await CreateAsync(app, ws, member.Id, Input("Member's soup"));
            await client.SubmitAsync($"/recipes/{favourite.Slug}", new Dictionary<string, string>(), "form[data-testid=favourite-form]");

            var (_, profile) = await memberClient.GetAsync($"/recipes/people/{owner.UserName}");
            Assert.Equal(["shared-stew"], profile.QuerySelectorAll("[data-testid=person-recipes] [data-testid=recipe-card]").Select(c => c.GetAttribute("data-slug")));
            Assert.Empty(profile.QuerySelectorAll("[data-testid=favourite-card]"));
            await client.SubmitAsync("/recipes/settings", new Dictionary<string, string> { ["ShareFavourites"] = "true" });
            (_, profile) = await memberClient.GetAsync($"/recipes/people/{owner.UserName}");
            Assert.Equal(["member-s-soup"], profile.QuerySelectorAll("[data-testid=favourite-card]").Select(c => c.GetAttribute("data-slug")));

            Assert.Equal(HttpStatusCode.Redirect, (await memberClient.SubmitAsync($"/recipes/people/{owner.UserName}", new Dictionary<string, string>(), "form[data-testid=follow-form]")).StatusCode);
            (_, profile) = await memberClient.GetAsync($"/recipes/people/{owner.UserName}");
            Assert.Equal("1 follower", Text(profile.QuerySelector("[data-testid=followers]")));
            var (_, following) = await memberClient.GetAsync("/recipes/following");
            Assert.Equal(["shared-stew"], following.QuerySelectorAll("[data-testid=recipe-card]").Select(c => c.GetAttribute("data-slug")));

            // Someone who is no member here has no profile here, and nobody follows themselves.
            var stranger = await app.CreateUserAsync(await app.CreateWorkspaceAsync(prefix: "rcp-far"));
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/recipes/people/{stranger.UserName}")).StatusCode);
            var (_, own) = await client.GetAsync($"/recipes/people/{owner.UserName}");
            Assert.Null(own.QuerySelector("form[data-testid=follow-form]"));
        }
    }
}
