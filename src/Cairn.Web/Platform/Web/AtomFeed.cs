using System.Text;
using System.Xml;

namespace Cairn.Web.Platform.Web;

/// <summary>One entry of an Atom feed; <see cref="Url"/> is absolute and is also its id.</summary>
public sealed record AtomEntry(string Title, string Url, DateTime Published, DateTime Updated, string Author, string? Summary, string Html);

/// <summary>Writes the Atom feeds of every module (RFC 4287): a title, its page, itself, and entries with HTML content.</summary>
public static class AtomFeed
{
    public static async Task<IResult> AnswerAsync(string title, string pageUrl, string selfUrl, IReadOnlyList<AtomEntry> entries)
    {
        var updated = entries.Count == 0 ? DateTime.UtcNow : entries.Max(e => e.Updated);
        var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true }))
        {
            await writer.WriteStartDocumentAsync();
            writer.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            writer.WriteElementString("title", title);
            writer.WriteElementString("id", pageUrl);
            writer.WriteElementString("updated", Time(updated));
            Link(writer, pageUrl, "alternate");
            Link(writer, selfUrl, "self");
            foreach (var entry in entries)
            {
                writer.WriteStartElement("entry");
                writer.WriteElementString("title", entry.Title);
                writer.WriteElementString("id", entry.Url);
                Link(writer, entry.Url, "alternate");
                writer.WriteElementString("published", Time(entry.Published));
                writer.WriteElementString("updated", Time(entry.Updated));
                writer.WriteStartElement("author");
                writer.WriteElementString("name", entry.Author);
                writer.WriteEndElement();
                if (!string.IsNullOrEmpty(entry.Summary)) writer.WriteElementString("summary", entry.Summary);
                writer.WriteStartElement("content");
                writer.WriteAttributeString("type", "html");
                writer.WriteString(entry.Html);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            await writer.WriteEndDocumentAsync();
        }

        return Results.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static void Link(XmlWriter writer, string href, string rel)
    {
        writer.WriteStartElement("link");
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    /// <summary>A UTC time as Atom and sitemaps write it.</summary>
    public static string Time(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
