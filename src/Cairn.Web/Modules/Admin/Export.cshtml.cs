using System.Globalization;
using Cairn.Web.Platform.Admin;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// <c>/admin/{module}/{entity}/export.csv?{the list's search and filters}</c>: every matching row, streamed as CSV
/// with a header line (<c>id</c> and the form's fields, values in their stored form, which the import reads
/// back). Rows go out as the database sends them; the list is never held in memory. Cells that a spreadsheet
/// would run as a formula are escaped.
/// </summary>
public sealed class ExportModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, TimeProvider time)
    : AdminPageModel(membership, site, tenant, db)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var query = Request.Query;
        var filters = Entity.FilterKeys.Where(k => query[k].ToString().Length is > 0 and <= 100).ToDictionary(k => k, k => query[k].ToString());
        var search = query["q"].ToString().Trim();
        var selection = new AdminSelection(search.Length == 0 ? null : search, filters, null);

        var name = $"{Entity.Module}-{Entity.PluralLabel.Replace(' ', '-')}-{time.GetUtcNow():yyyy-MM-dd}.csv";
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(Response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
        await using var csv = new CsvWriter(writer, AdminCsv.Configuration);
        var lines = 0;
        await foreach (var line in Entity.ExportAsync(Db, selection, cancellationToken))
        {
            foreach (var value in line) csv.WriteField(value);
            await csv.NextRecordAsync();
            if (++lines % 1000 == 0) await csv.FlushAsync();
        }

        await csv.FlushAsync();
        return new EmptyResult();
    }
}
