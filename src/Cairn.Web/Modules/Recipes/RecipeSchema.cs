using Cairn.Web.Platform;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cairn.Web.Modules.Recipes;

// Tables recipes_*: one configuration per entity, found by CairnDbContext (docs/modules.md, "Tables").

/// <summary>Names the recipe tables share with queries and migrations.</summary>
public static class RecipeSchema
{
    public const string SearchVectorColumn = "SearchVector";
    public const string FoodVectorColumn = "FoodVector";

    /// <summary>The triggers on <c>recipes_ratings</c> that keep a recipe's rating count and sum.</summary>
    public static readonly string[] RatingTriggers = ["recipes_ratings_insert", "recipes_ratings_update", "recipes_ratings_delete"];
}

/// <summary>The <c>recipes</c> table and the indexes its lists are answered from.</summary>
internal sealed class RecipeConfiguration(DatabaseProvider provider) : IEntityTypeConfiguration<Recipe>
{
    public void Configure(EntityTypeBuilder<Recipe> recipe)
    {
        recipe.ToTable("recipes");
        recipe.Property(r => r.Slug).HasMaxLength(Slugs.MaxLength + 10);
        recipe.Property(r => r.Title).HasMaxLength(Recipe.MaxTitleLength);
        recipe.Property(r => r.Summary).HasMaxLength(Recipe.MaxSummaryLength);
        recipe.Property(r => r.Steps).HasMaxLength(Recipe.MaxStepsLength);
        recipe.Property(r => r.Cuisine).HasMaxLength(Recipe.MaxCuisineLength);
        recipe.Property(r => r.CuisineKey).HasMaxLength(Recipe.MaxCuisineLength);
        recipe.Property(r => r.SourceUrl).HasMaxLength(Recipe.MaxSourceLength);
        recipe.Property(r => r.FoodWords).HasMaxLength(4_000);
        recipe.Property(r => r.Cover).HasMaxLength(40);
        // Kept by the database (RecipeSchema.RatingTriggers): EF Core reads them and never writes them.
        foreach (var kept in new[] { recipe.Property(r => r.RatingCount).HasDefaultValue(0).ValueGeneratedOnAddOrUpdate().Metadata, recipe.Property(r => r.RatingSum).HasDefaultValue(0).ValueGeneratedOnAddOrUpdate().Metadata })
        {
            kept.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
            kept.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        }

        recipe.Property(r => r.RatingAverage).HasComputedColumnSql(
            provider == DatabaseProvider.Postgres
                ? "CASE WHEN rating_count = 0 THEN 0 ELSE rating_sum::double precision / rating_count END"
                : "CASE WHEN rating_count = 0 THEN 0 ELSE CAST(rating_sum AS REAL) / rating_count END", stored: true);
        recipe.HasIndex(r => new { r.TenantId, r.Slug }).IsUnique();
        recipe.HasOne(r => r.Author).WithMany().HasForeignKey(r => r.AuthorId).OnDelete(DeleteBehavior.Cascade);
        recipe.HasMany(r => r.Ingredients).WithOne().HasForeignKey(i => i.RecipeId).OnDelete(DeleteBehavior.Cascade);
        recipe.HasMany(r => r.Photos).WithOne(p => p.Recipe).HasForeignKey(p => p.RecipeId).OnDelete(DeleteBehavior.Cascade);

        // Lists are per workspace and sorted by newest, rating or time; the visibility test comes with each.
        recipe.HasIndex(r => new { r.TenantId, r.CreatedAt });
        recipe.HasIndex(r => new { r.TenantId, r.RatingAverage, r.RatingCount });
        recipe.HasIndex(r => new { r.TenantId, r.TotalMinutes });
        recipe.HasIndex(r => new { r.TenantId, r.AuthorId, r.CreatedAt });
        recipe.HasIndex(r => new { r.TenantId, r.CuisineKey });
        // The sitemap and the feed: public recipes of a workspace, newest first.
        recipe.HasIndex(r => new { r.TenantId, r.Visibility, r.PublishedAt });

        if (provider == DatabaseProvider.Postgres)
        {
            recipe.Property<NpgsqlTypes.NpgsqlTsVector>(RecipeSchema.SearchVectorColumn)
                .HasComputedColumnSql(
                    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || " +
                    "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || " +
                    "setweight(to_tsvector('english', coalesce(cuisine, '') || ' ' || coalesce(food_words, '')), 'C')", stored: true);
            recipe.HasIndex(RecipeSchema.SearchVectorColumn).HasMethod("GIN");
            // The ingredient filters: food words without stemming ("egg" is "egg"), in a GIN index.
            recipe.Property<NpgsqlTypes.NpgsqlTsVector>(RecipeSchema.FoodVectorColumn)
                .HasComputedColumnSql("to_tsvector('simple', food_words)", stored: true);
            recipe.HasIndex(RecipeSchema.FoodVectorColumn).HasMethod("GIN");
        }
    }
}

/// <summary>The <c>recipes_ingredients</c> table.</summary>
internal sealed class RecipeIngredientConfiguration : IEntityTypeConfiguration<RecipeIngredient>
{
    public void Configure(EntityTypeBuilder<RecipeIngredient> ingredient)
    {
        ingredient.ToTable("recipes_ingredients");
        ingredient.Property(i => i.Section).HasMaxLength(RecipeIngredient.MaxSectionLength);
        ingredient.Property(i => i.Line).HasMaxLength(IngredientParser.MaxLineLength);
        ingredient.Property(i => i.Unit).HasMaxLength(10);
        ingredient.Property(i => i.Food).HasMaxLength(200);
        ingredient.Property(i => i.FoodKey).HasMaxLength(200);
        ingredient.Property(i => i.Note).HasMaxLength(300);
        ingredient.HasIndex(i => new { i.RecipeId, i.Position });
    }
}

/// <summary>The <c>recipes_slug_history</c> table: old addresses that redirect.</summary>
internal sealed class RecipeSlugHistoryConfiguration : IEntityTypeConfiguration<RecipeSlugHistory>
{
    public void Configure(EntityTypeBuilder<RecipeSlugHistory> history)
    {
        history.ToTable("recipes_slug_history");
        history.HasKey(h => new { h.TenantId, h.Slug });
        history.Property(h => h.Slug).HasMaxLength(Slugs.MaxLength + 10);
        history.HasOne<Recipe>().WithMany().HasForeignKey(h => h.RecipeId).OnDelete(DeleteBehavior.Cascade);
        history.HasIndex(h => h.RecipeId);
    }
}

/// <summary>The <c>recipes_photos</c> table.</summary>
internal sealed class RecipePhotoConfiguration : IEntityTypeConfiguration<RecipePhoto>
{
    public void Configure(EntityTypeBuilder<RecipePhoto> photo)
    {
        photo.ToTable("recipes_photos");
        photo.Property(p => p.Token).HasMaxLength(32);
        photo.Property(p => p.Extension).HasMaxLength(5);
        photo.Property(p => p.Caption).HasMaxLength(200);
        photo.HasIndex(p => new { p.TenantId, p.Token }).IsUnique();
        photo.HasIndex(p => new { p.RecipeId, p.Position });
    }
}

/// <summary>The <c>recipes_ratings</c> table; its triggers keep <see cref="Recipe.RatingCount"/> and <see cref="Recipe.RatingSum"/>.</summary>
internal sealed class RecipeRatingConfiguration : IEntityTypeConfiguration<RecipeRating>
{
    public void Configure(EntityTypeBuilder<RecipeRating> rating)
    {
        rating.ToTable("recipes_ratings", table =>
        {
            foreach (var trigger in RecipeSchema.RatingTriggers) table.HasTrigger(trigger);
        });
        rating.HasKey(r => new { r.RecipeId, r.UserId });
        rating.HasOne<Recipe>().WithMany().HasForeignKey(r => r.RecipeId).OnDelete(DeleteBehavior.Cascade);
        rating.HasOne<CairnUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        rating.HasIndex(r => new { r.TenantId, r.UserId });
    }
}

/// <summary>The <c>recipes_comments</c> table.</summary>
internal sealed class RecipeCommentConfiguration : IEntityTypeConfiguration<RecipeComment>
{
    public void Configure(EntityTypeBuilder<RecipeComment> comment)
    {
        comment.ToTable("recipes_comments");
        comment.Property(c => c.Body).HasMaxLength(RecipeComment.MaxBodyLength);
        comment.HasOne<Recipe>().WithMany().HasForeignKey(c => c.RecipeId).OnDelete(DeleteBehavior.Cascade);
        comment.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Cascade);
        comment.HasIndex(c => new { c.RecipeId, c.CreatedAt });
    }
}

/// <summary>The <c>recipes_favourites</c> table.</summary>
internal sealed class RecipeFavouriteConfiguration : IEntityTypeConfiguration<RecipeFavourite>
{
    public void Configure(EntityTypeBuilder<RecipeFavourite> favourite)
    {
        favourite.ToTable("recipes_favourites");
        favourite.HasKey(f => new { f.RecipeId, f.UserId });
        favourite.HasOne<Recipe>().WithMany().HasForeignKey(f => f.RecipeId).OnDelete(DeleteBehavior.Cascade);
        favourite.HasOne<CairnUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        favourite.HasIndex(f => new { f.TenantId, f.UserId, f.CreatedAt });
    }
}

/// <summary>The <c>recipes_collections</c> table.</summary>
internal sealed class RecipeCollectionConfiguration : IEntityTypeConfiguration<RecipeCollection>
{
    public void Configure(EntityTypeBuilder<RecipeCollection> collection)
    {
        collection.ToTable("recipes_collections");
        collection.Property(c => c.Name).HasMaxLength(RecipeCollection.MaxNameLength);
        collection.HasOne<CairnUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
        collection.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CollectionId).OnDelete(DeleteBehavior.Cascade);
        collection.HasIndex(c => new { c.TenantId, c.OwnerId, c.Name }).IsUnique();
    }
}

/// <summary>The <c>recipes_collection_items</c> table.</summary>
internal sealed class RecipeCollectionItemConfiguration : IEntityTypeConfiguration<RecipeCollectionItem>
{
    public void Configure(EntityTypeBuilder<RecipeCollectionItem> item)
    {
        item.ToTable("recipes_collection_items");
        item.HasKey(i => new { i.CollectionId, i.RecipeId });
        item.HasOne<Recipe>().WithMany().HasForeignKey(i => i.RecipeId).OnDelete(DeleteBehavior.Cascade);
        item.HasIndex(i => i.RecipeId);
    }
}
