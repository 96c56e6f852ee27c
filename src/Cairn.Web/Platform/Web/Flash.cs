using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Cairn.Web.Platform.Web;

public enum FlashLevel
{
    Success,
    Info,
    Warning,
    Error,
}

public sealed record FlashMessage(FlashLevel Level, string Text)
{
    /// <summary>The Bootstrap alert class for the level.</summary>
    public string CssClass => Level switch
    {
        FlashLevel.Success => "alert-success",
        FlashLevel.Info => "alert-info",
        FlashLevel.Warning => "alert-warning",
        _ => "alert-danger",
    };
}

/// <summary>
/// One-time messages (Django's messages framework) kept in TempData: set before a redirect,
/// shown by the layout on the next page, then gone.
/// </summary>
public static class Flash
{
    private const string Key = "cairn.flash";

    public static void Success(this ITempDataDictionary tempData, string text) => Add(tempData, FlashLevel.Success, text);
    public static void Info(this ITempDataDictionary tempData, string text) => Add(tempData, FlashLevel.Info, text);
    public static void Warning(this ITempDataDictionary tempData, string text) => Add(tempData, FlashLevel.Warning, text);
    public static void Error(this ITempDataDictionary tempData, string text) => Add(tempData, FlashLevel.Error, text);

    public static void Add(this ITempDataDictionary tempData, FlashLevel level, string text)
    {
        var messages = Read(tempData.Peek(Key));
        messages.Add(new FlashMessage(level, text));
        tempData[Key] = JsonSerializer.Serialize(messages);
    }

    /// <summary>Reads and consumes the pending messages.</summary>
    public static IReadOnlyList<FlashMessage> Take(this ITempDataDictionary tempData) => Read(tempData[Key]);

    private static List<FlashMessage> Read(object? stored) =>
        stored is string json ? JsonSerializer.Deserialize<List<FlashMessage>>(json) ?? [] : [];
}
