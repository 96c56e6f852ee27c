using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http;

namespace Cairn.Web.Platform.Admin;

/// <summary>One thing wrong with an import: the line of the file (the header is line 1; 0 for the file as a whole), the column, what.</summary>
public sealed record ImportProblem(int Line, string? Column, string Message);

/// <summary>A CSV file read against an entity: its header, its rows, and what is wrong with its shape.</summary>
public sealed record ImportFile(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, IReadOnlyList<ImportProblem> Problems);

/// <summary>What an import did (or, in a dry run, would do), and every problem found; nothing is written when there is one.</summary>
public sealed record ImportOutcome(int Added, int Changed, IReadOnlyList<ImportProblem> Problems, bool Written);

/// <summary>
/// CSV import into a registered entity, in the format the export writes: a header of <c>id</c> and field names
/// (read-only fields are ignored, so an export can be imported back), one row per object. A row with an id
/// changes that object of this workspace; a row without one adds an object. Every row is checked as the change
/// form checks it (types, required, lengths, foreign keys of this workspace, the module's rules); a dry run
/// also saves inside a transaction it rolls back, so that what only the database knows (a unique address) is
/// found too. The import is all or nothing.
/// </summary>
public sealed class AdminImporter(CairnDbContext db, IServiceProvider services, TimeProvider time, IHttpContextAccessor http)
{
    public const int MaxRows = 5_000;
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxProblems = 200;

    // A CSV line holds a row's own fields; many-to-many links are edited on the form.
    private static IEnumerable<AdminField> Importable(AdminRegistration entity) => entity.Fields.Where(f => f.Kind != AdminFieldKind.ManyToMany);

    /// <summary>Reads <paramref name="text"/> and checks its header against <paramref name="entity"/>'s fields.</summary>
    public static ImportFile Read(AdminRegistration entity, string text)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<string[]>();
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, AdminCsv.Configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            return new ImportFile([], [], [new ImportProblem(0, null, "The file is empty: it needs a header line naming the columns.")]);

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in header)
        {
            if (!seen.Add(column)) problems.Add(new ImportProblem(1, column, "This column appears twice."));
            else if (!column.Equals("id", StringComparison.OrdinalIgnoreCase) && Importable(entity).All(f => !f.Name.Equals(column, StringComparison.OrdinalIgnoreCase)))
                problems.Add(new ImportProblem(1, column, $"No such field. The columns are id, {string.Join(", ", Importable(entity).Select(f => f.Name))}."));
        }

        while (csv.Read())
        {
            if (rows.Count == MaxRows)
            {
                problems.Add(new ImportProblem(0, null, $"The file has more than {MaxRows:N0} rows; import it in parts."));
                break;
            }

            if (csv.Parser.Count > header.Length)
                problems.Add(new ImportProblem(csv.Parser.RawRow, null, $"This line has {csv.Parser.Count} cells; the header names {header.Length}."));
            var row = new string[header.Length];
            for (var i = 0; i < header.Length; i++) row[i] = csv.TryGetField<string>(i, out var cell) && cell is not null ? AdminCsv.Unescape(cell) : "";
            rows.Add(row);
        }

        return new ImportFile(header, rows, problems);
    }

    /// <summary>Checks every row and, unless <paramref name="dryRun"/> or a problem was found, writes them all in one transaction.</summary>
    public async Task<ImportOutcome> ImportAsync(AdminRegistration entity, string text, bool dryRun, CancellationToken cancellationToken)
    {
        var file = Read(entity, text);
        var problems = file.Problems.ToList();
        if (file.Rows.Count == 0 && problems.Count == 0) problems.Add(new ImportProblem(0, null, "The file has a header but no rows."));
        if (problems.Count > 0) return new ImportOutcome(0, 0, problems, Written: false);

        var user = http.HttpContext?.User ?? throw new InvalidOperationException("An import runs within a request.");
        var userId = user.UserId() ?? throw new InvalidOperationException("An import runs as a signed-in user.");
        var now = time.GetUtcNow().UtcDateTime;
        var idColumn = Array.FindIndex([.. file.Header], c => c.Equals("id", StringComparison.OrdinalIgnoreCase));
        var columns = file.Header.Select((name, i) => (Index: i, Field: Importable(entity).FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase))))
            .Where(c => c.Field is { ReadOnly: false }).Select(c => (c.Index, Field: c.Field!)).ToList();
        var known = new Dictionary<(string Field, object Key), bool>();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (added, changed) = (0, 0);
        for (var r = 0; r < file.Rows.Count && problems.Count < MaxProblems; r++)
        {
            var row = file.Rows[r];
            var line = r + 2;
            object? target;
            var isNew = idColumn < 0 || row[idColumn].Trim().Length == 0;
            if (isNew)
            {
                target = entity.Create(new AdminSave(services, userId, now, isNew: true, new HashSet<string>()));
                // A required field the file leaves out is fine when the module gives it a default (the author).
                foreach (var required in Importable(entity).Where(f => f is { ReadOnly: false, Required: true } && columns.All(c => c.Field != f)))
                    if (required.Get(target) is null or "" or 0 || required.Get(target) is Guid id && id == Guid.Empty)
                        problems.Add(new ImportProblem(line, required.Name, $"{required.Label} is required, and the file has no such column."));
            }
            else if (await entity.FindAsync(db, row[idColumn].Trim().TrimStart('#'), cancellationToken) is not { } found)
            {
                problems.Add(new ImportProblem(line, "id", $"There is no {entity.Label} {row[idColumn].Trim()} in this workspace."));
                continue;
            }
            else
            {
                target = found;
            }

            var changedFields = new HashSet<string>();
            var rowProblems = problems.Count;
            foreach (var (index, field) in columns)
            {
                if (field.ParseImported(row[index], out var value) is { } error)
                {
                    problems.Add(new ImportProblem(line, field.Name, $"{field.Label} {error}."));
                    continue;
                }

                if (!isNew && field.Store(field.Get(target)) == field.Store(value)) continue;
                if (field.Lookup is { } lookup && value is not null)
                {
                    if (!known.TryGetValue((field.Name, value), out var exists))
                        known[(field.Name, value)] = exists = await lookup.LabelAsync(db, value, cancellationToken) is not null;
                    if (!exists)
                    {
                        problems.Add(new ImportProblem(line, field.Name, $"There is no such {lookup.Noun} in this workspace."));
                        continue;
                    }
                }

                field.Set(target, value);
                changedFields.Add(field.Name);
            }

            if (problems.Count > rowProblems) continue;
            var save = new AdminSave(services, userId, now, isNew, changedFields);
            await entity.ApplyRulesAsync(target, save, cancellationToken);
            foreach (var (field, message) in save.FieldErrors) problems.Add(new ImportProblem(line, field, message));
            foreach (var message in save.FormErrors) problems.Add(new ImportProblem(line, null, message));
            if (problems.Count > rowProblems) continue;
            if (isNew)
            {
                db.Add(target);
                added++;
            }
            else if (changedFields.Count > 0)
            {
                changed++;
            }
        }

        if (problems.Count == 0)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolations.Is(e))
            {
                problems.Add(new ImportProblem(0, null, $"Some row gives a {entity.Label} a value another one already has (each must be unique in the workspace)."));
            }
        }

        if (dryRun || problems.Count > 0)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new ImportOutcome(added, changed, problems, Written: false);
        }

        db.Add(AdminLogRecord.For(entity, now, userId, user.DisplayNameOf(), AdminLogAction.Bulk, key: null, $"Imported from CSV: {added:N0} added, {changed:N0} changed"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportOutcome(added, changed, problems, Written: true);
    }
}
