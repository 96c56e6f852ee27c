using System.Text;
using System.Xml;

namespace Cairn.Web.Platform.Web;

/// <summary>One address in <c>/sitemap.xml</c>, relative to the workspace's host.</summary>
public sealed record SitemapEntry(string Path, DateTime? LastModified = null);

/// <summary>A module's contribution to the sitemap; declare it with <c>module.Sitemap&lt;TSource&gt;()</c>.</summary>
public interface ISitemapSource
{
    Task<IReadOnlyList<SitemapEntry>> GetEntriesAsync(CancellationToken cancellationToken);
}

public static class Sitemap
{
    /// <summary><c>/sitemap.xml</c> of the current workspace: the home page plus every module's entries.</summary>
    public static IEndpointRouteBuilder MapCairnSitemap(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sitemap.xml", WriteAsync).WithName("Platform.Sitemap").ExcludeFromDescription();
        return endpoints;
    }

    private static async Task WriteAsync(HttpContext context, ModuleCatalog modules, WorkspaceLinks links, ITenantContext tenant, CancellationToken cancellationToken)
    {
        var origin = links.OriginOf(tenant.Current!.Slug);
        var entries = new List<SitemapEntry> { new("/") };
        // The modules that are on in this workspace, each with what it declared.
        foreach (var source in modules.On(tenant.Current.Slug).SelectMany(m => m.SitemapSources))
            entries.AddRange(await ((ISitemapSource)context.RequestServices.GetRequiredService(source)).GetEntriesAsync(cancellationToken));

        context.Response.ContentType = "application/xml; charset=utf-8";
        await using var writer = XmlWriter.Create(context.Response.Body, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true });
        await writer.WriteStartDocumentAsync();
        writer.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
        foreach (var entry in entries)
        {
            writer.WriteStartElement("url");
            writer.WriteElementString("loc", origin + entry.Path);
            if (entry.LastModified is { } modified)
                writer.WriteElementString("lastmod", AtomFeed.Time(modified));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        await writer.WriteEndDocumentAsync();
    }
}
