using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// The HTML encoding of the OGC resources (Part 1 conformance class html), for people with a
/// browser: the same documents as JSON, rendered as nested lists with working links, and
/// features as tables. Every value is HTML-encoded.
/// </summary>
public static class OgcHtml
{
    const string Style = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}" +
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}dl{margin:0 0 0 1em}dt{font-weight:600}" +
        "ul{margin:0;padding-left:1.2em}.muted{color:#777}";

    static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    static IResult Page(string title, string body) =>
        Results.Content($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title><style>{Style}</style></head>" +
            $"<body><p class=\"muted\">RelocationPlanner · OGC API</p><h1>{E(title)}</h1>{body}</body></html>", "text/html; charset=utf-8");

    /// <summary>Any OGC JSON document (landing page, conformance, collections, queryables, tilesets) as nested lists; links as anchors.</summary>
    public static IResult Document(string title, object document)
    {
        var node = JsonSerializer.SerializeToNode(document, OgcRequest.Json);
        var sb = new StringBuilder();
        Render(node, sb);
        return Page(title, sb.ToString());
    }

    static void Render(JsonNode? n, StringBuilder sb)
    {
        switch (n)
        {
            case JsonObject o when o["href"] is JsonValue href:
                var text = o["title"]?.ToString() ?? href.ToString();
                var rel = o["rel"]?.ToString();
                // Templated links ({tileMatrix}) are shown, not followed.
                if (o["templated"]?.GetValue<bool>() == true) sb.Append($"<code>{E(href.ToString())}</code>");
                else sb.Append($"<a href=\"{E(href.ToString())}\">{E(text)}</a>");
                if (rel is not null) sb.Append($" <span class=\"muted\">({E(rel)}{(o["type"] is { } t ? ", " + E(t.ToString()) : "")})</span>");
                break;
            case JsonObject o:
                sb.Append("<dl>");
                foreach (var (k, v) in o)
                {
                    sb.Append($"<dt>{E(k)}</dt><dd>");
                    Render(v, sb);
                    sb.Append("</dd>");
                }
                sb.Append("</dl>");
                break;
            case JsonArray a:
                sb.Append("<ul>");
                foreach (var v in a)
                {
                    sb.Append("<li>");
                    Render(v, sb);
                    sb.Append("</li>");
                }
                sb.Append("</ul>");
                break;
            case null:
                sb.Append("<span class=\"muted\">null</span>");
                break;
            default:
                sb.Append(E(n.ToString()));
                break;
        }
    }

    /// <summary>A page of features as a table: id (a link to the feature), the contract properties, the geometry type.</summary>
    public static IResult Items(CollectionSpec c, IReadOnlyList<string> features, long? matched, string? next, string jsonHref)
    {
        var sb = new StringBuilder();
        sb.Append($"<p>{features.Count:N0} features{(matched is { } m ? $" of {m:N0} matching" : "")} · <a href=\"{E(jsonHref)}\">GeoJSON</a>");
        if (next is not null) sb.Append($" · <a href=\"{E(next)}\">next page</a>");
        sb.Append("</p><table><tr><th>id</th>");
        foreach (var p in c.Properties) sb.Append($"<th>{E(p.Name)}</th>");
        sb.Append("<th>geometry</th></tr>");
        foreach (var json in features)
        {
            using var doc = JsonDocument.Parse(json);
            var f = doc.RootElement;
            var id = f.GetProperty("id").ToString();
            sb.Append($"<tr><td><a href=\"items/{E(id)}?f=html\">{E(id)}</a></td>");
            foreach (var p in c.Properties) sb.Append($"<td>{E(Value(f.GetProperty("properties"), p.Name))}</td>");
            sb.Append($"<td>{E(f.GetProperty("geometry").TryGetProperty("type", out var t) ? t.GetString() : "")}</td></tr>");
        }
        sb.Append("</table>");
        return Page($"{c.Title}: features", sb.ToString());
    }

    /// <summary>One feature: its properties and its geometry as GeoJSON text.</summary>
    public static IResult Item(CollectionSpec c, string json, string href)
    {
        using var doc = JsonDocument.Parse(json);
        var f = doc.RootElement;
        var sb = new StringBuilder($"<p><a href=\"{E(href)}?f=json\">GeoJSON</a> · <a href=\"../items?f=html\">{E(c.Title)}</a></p><table>");
        foreach (var p in c.Properties) sb.Append($"<tr><th>{E(p.Name)}</th><td>{E(Value(f.GetProperty("properties"), p.Name))}</td></tr>");
        sb.Append($"<tr><th>geometry</th><td><code>{E(f.GetProperty("geometry").GetRawText())}</code></td></tr></table>");
        return Page($"{c.Title} {f.GetProperty("id")}", sb.ToString());
    }

    static string Value(JsonElement props, string name) =>
        props.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";
}
