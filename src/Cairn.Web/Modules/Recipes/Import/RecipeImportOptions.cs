using System.ComponentModel.DataAnnotations;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>The <c>Cairn:Recipes:Import</c> section: how <see cref="RecipePageFetcher"/> fetches a recipe page.</summary>
public sealed class RecipeImportOptions
{
    /// <summary>
    /// Whether pages on private networks may be fetched. Off, addresses that are loopback, private, link-local,
    /// shared (CGNAT), unique-local, multicast, unspecified or reserved are refused, also in their IPv4-mapped forms.
    /// For tests and closed installations only: on, any user can make the server read its own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The largest page read, in bytes after decompression.</summary>
    [Range(1_000, 20_000_000)]
    public int MaxBytes { get; set; } = 3_000_000;

    /// <summary>The time one fetch may take in all: name look-up, connecting, redirects, headers and body.</summary>
    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Redirects followed; each new address is checked like the first.</summary>
    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 3;
}

/// <summary>
/// Validates <see cref="RecipeOptions.Import"/> by its data annotations when the options are built (at start-up,
/// with the module's ValidateOnStart), since validating <see cref="RecipeOptions"/> does not look into it.
/// </summary>
internal sealed class RecipeImportOptionsValidation : IValidateOptions<RecipeOptions>
{
    public ValidateOptionsResult Validate(string? name, RecipeOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options.Import, new ValidationContext(options.Import), results, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.Select(r => $"Cairn:Recipes:Import: {r.ErrorMessage}"));
    }
}
