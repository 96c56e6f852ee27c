using System.Globalization;
using CsvHelper.Configuration;

namespace Cairn.Web.Platform.Admin;

/// <summary>
/// The admin's CSV dialect, for export and import alike: RFC 4180, invariant culture, and a cell a spreadsheet
/// would run as a formula (one starting with = + - @ or a tab) written with a leading apostrophe, which the
/// import takes off again.
/// </summary>
public static class AdminCsv
{
    public static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        DetectDelimiter = false,
        TrimOptions = TrimOptions.None,
        BadDataFound = null,
    };

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>A cell as it was before the export escaped it.</summary>
    public static string Unescape(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && Array.IndexOf(FormulaStarts, cell[1]) >= 0 ? cell[1..] : cell;
}
