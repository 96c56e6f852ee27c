using System.Text;
using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// <c>/admin/{module}/{entity}/import/</c>: upload a CSV file, see its first rows, dry-run it (every row's
/// problems listed, nothing written), then import it (all or nothing). The file's text travels in the form
/// between the steps, so nothing is kept on the server.
/// </summary>
public sealed class ImportModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, AdminImporter importer)
    : AdminPageModel(membership, site, tenant, db)
{
    public const int PreviewRows = 10;

    protected override AdminAction Action => AdminAction.Add;

    /// <summary>The file's text, once uploaded.</summary>
    public string? Csv { get; private set; }

    public ImportFile? Upload { get; private set; }

    public ImportOutcome? Outcome { get; private set; }

    public IReadOnlyList<ImportProblem> Problems => Outcome?.Problems ?? Upload?.Problems ?? [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
            return Refused("Choose a CSV file to upload.");
        if (file.Length > AdminImporter.MaxBytes)
            return Refused($"The file is {file.Length / 1024:N0} KB; at most {AdminImporter.MaxBytes / 1024:N0} KB can be imported at once.");

        using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        try
        {
            Csv = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return Refused("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”.");
        }

        Upload = AdminImporter.Read(Entity, Csv);
        if (Upload.Problems.Count > 0) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public Task<IActionResult> OnPostDryRunAsync(string? csv, CancellationToken cancellationToken) => RunAsync(csv, dryRun: true, cancellationToken);

    public Task<IActionResult> OnPostImportAsync(string? csv, CancellationToken cancellationToken) => RunAsync(csv, dryRun: false, cancellationToken);

    private async Task<IActionResult> RunAsync(string? csv, bool dryRun, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(csv)) return Refused("Upload the file again: its text did not come back with the form.");
        if (csv.Length > AdminImporter.MaxBytes) return Refused($"At most {AdminImporter.MaxBytes / 1024:N0} KB can be imported at once.");
        Csv = csv;
        Upload = AdminImporter.Read(Entity, csv);
        Outcome = await importer.ImportAsync(Entity, csv, dryRun, cancellationToken);
        if (Outcome.Written)
        {
            TempData.Success($"Imported: {Outcome.Added:N0} added, {Outcome.Changed:N0} changed.");
            return Redirect(Entity.Path);
        }

        if (Outcome.Problems.Count > 0) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private PageResult Refused(string message)
    {
        Upload = new ImportFile([], [], [new ImportProblem(0, null, message)]);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
