using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Core.Ogc.Cql2;
using RelocationPlanner.Data.Ogc;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// GET /ogc/collections/{id}/items and /items/{featureId}: Part 1 (bbox, datetime, limit, next
/// links, numberMatched), Part 2 (crs, bbox-crs, Content-Crs), Part 3 (filter, filter-lang,
/// filter-crs, queryables as parameters), JSON streamed as it is read (FeatureJson), or HTML.
/// </summary>
public static class OgcItems
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 100_000;

    /// <summary>The parameters of items (besides the collection's queryables); the API definition lists the same.</summary>
    public static readonly string[] ItemsParameters = ["f", "limit", "after", "bbox", "bbox-crs", "datetime", "crs", "filter", "filter-lang", "filter-crs"];
    public static readonly string[] ItemParameters = ["f", "crs"];

    /// <summary>
    /// The filter encodings: CQL2 text (the default) and CQL2 JSON; cql-text is the pre-standard
    /// name of CQL2 text that GDAL's OAPIF driver (3.6) looks for before it pushes -where down.
    /// </summary>
    public static readonly string[] FilterLanguages = ["cql2-text", "cql2-json", "cql-text"];

    sealed record Selection(ItemsQuery Query, OgcCrs Crs, int Limit, long After, bool Html);

    public static async Task Items(string collectionId, HttpContext http, ReadDb read, MatchCounts counts, CancellationToken ct)
    {
        var r = http.Request;
        if (Collections.Find(collectionId) is not { } c)
        {
            await Problem.NotFound($"No collection named {collectionId}.").ExecuteAsync(http);
            return;
        }
        if (Parse(r, c) is var (s, error) && error is not null)
        {
            await error.ExecuteAsync(http);
            return;
        }

        // numberMatched: known for this data version, else counted with a small page in its
        // statement, else (a large page, or no time left) beside it on its own connection (MatchCounts).
        // A small page is read with the data version in one round trip: counted when its count is
        // not known at the version last seen, and counted again beside it when the version read differs.
        List<(long Id, ReadOnlyMemory<byte> Json)>? counted = null;
        Task<long?> matched;
        if (s!.Limit <= MatchCounts.WithPageUpTo)
        {
            long? known = null;
            var seen = counts.LastSeen(c);
            var isKnown = seen is { } v && counts.TryKnown(s.Query, v, out known);
            var page = await OgcQueries.PageAsync(read.Db, s.Query, s.Crs, s.After, s.Limit, count: !isKnown, counts.Budget, ct);
            counts.Saw(c, page.Version);
            if (!isKnown) counts.Remember(s.Query, page.Version, page.Matched);
            counted = page.Rows;
            matched = !isKnown ? Task.FromResult(page.Matched)
                : page.Version == seen ? Task.FromResult(known)
                : CountOrNull(counts, s.Query, page.Version, ct);
        }
        else
            matched = CountOrNull(counts, s.Query, await counts.VersionAsync(c, ct), ct);
        async IAsyncEnumerable<(long Id, ReadOnlyMemory<byte> Json)> Rows()
        {
            if (counted is not null)
                foreach (var row in counted) yield return row;
            else
                await foreach (var row in OgcQueries.ItemsAsync(read.Db, s.Query, s.Crs, s.After, s.Limit, ct)) yield return row;
        }
        var self = $"{OgcRequest.Root(r)}/collections/{c.Id}/items";
        var carried = OgcRequest.Carry(r, "after", "f");
        if (s.Html)
        {
            var rows = new List<string>();
            long lastId = 0;
            await foreach (var (id, json) in Rows()) { rows.Add(Encoding.UTF8.GetString(json.Span)); lastId = id; }
            var next = rows.Count == s.Limit ? OgcRequest.Href(self, OgcRequest.Carry(r, "after", "limit"), $"limit={s.Limit}", $"after={lastId}", "f=html") : null;
            await OgcHtml.Items(c, rows, await matched, next, OgcRequest.Href(self, carried, "f=json")).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = OgcRequest.GeoJson;
        http.Response.Headers["Content-Crs"] = s.Crs.Header;
        // Features go out as they are read (UTF-8 from FeatureJson), flushed every 32 KB (not one socket write each).
        var body = http.Response.BodyWriter;
        long pending = 0;
        ValueTask Write(string text) => Sent(Encoding.UTF8.GetBytes(text.AsSpan(), body));
        ValueTask WriteUtf8(ReadOnlyMemory<byte> utf8)
        {
            body.Write(utf8.Span);
            return Sent(utf8.Length);
        }
        async ValueTask Sent(long bytes)
        {
            pending += bytes;
            if (pending < 32 * 1024) return;
            pending = 0;
            await body.FlushAsync(ct);
        }
        await Write("{\"type\":\"FeatureCollection\",\"features\":[");
        var n = 0;
        long last = 0;
        await foreach (var (id, json) in Rows())
        {
            if (n > 0) await Write(",");
            await WriteUtf8(json);
            n++;
            last = id;
        }
        var links = new List<object>
        {
            OgcRequest.Link(OgcRequest.Href(self, carried), "self", OgcRequest.GeoJson, "This page"),
            OgcRequest.Link(OgcRequest.Href(self, carried, "f=html"), "alternate", OgcRequest.Html, "This page as HTML"),
            OgcRequest.Link($"{OgcRequest.Root(r)}/collections/{c.Id}", "collection", OgcRequest.JsonType, c.Title),
        };
        if (n == s.Limit)
            links.Add(OgcRequest.Link(OgcRequest.Href(self, OgcRequest.Carry(r, "after", "limit", "f"), $"limit={s.Limit}", $"after={last}"), "next", OgcRequest.GeoJson, "Next page"));
        var count = await matched;
        await Write($"],\"numberReturned\":{n}{(count is { } m ? $",\"numberMatched\":{m}" : "")},\"timeStamp\":\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}\",\"links\":{JsonSerializer.Serialize(links, OgcRequest.Json)}}}");
        await body.FlushAsync(ct);
    }

    static async Task<long?> CountOrNull(MatchCounts counts, ItemsQuery q, long version, CancellationToken ct)
    {
        try
        {
            return await counts.CountAsync(q, version, ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The page is still right without its count.
            return null;
        }
    }

    public static async Task<IResult> Item(string collectionId, string featureId, HttpRequest request, HttpResponse response, ReadDb read, CancellationToken ct)
    {
        if (Collections.Find(collectionId) is not { } c) return Problem.NotFound($"No collection named {collectionId}.");
        if (OgcRequest.RefuseUnknown(request, ItemParameters) is { } unknown) return unknown;
        var html = OgcRequest.WantsHtml(request, out var error);
        if (error is not null) return error;
        var crs = OgcRequest.Crs(request, "crs", out error);
        if (crs is null) return error!;
        if (!long.TryParse(featureId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || await OgcQueries.ItemAsync(read.Db, c, id, crs, ct) is not { } item)
            return Problem.NotFound($"No feature {featureId} in {collectionId}.");
        response.Headers.ETag = ETag.Of(item.Version);
        var href = $"{OgcRequest.Root(request)}/collections/{c.Id}/items/{id}";
        if (html) return OgcHtml.Item(c, item.Json, href);
        response.Headers["Content-Crs"] = crs.Header;
        var links = JsonSerializer.Serialize(new[]
        {
            OgcRequest.Link(OgcRequest.Href(href, OgcRequest.Carry(request, "f")), "self", OgcRequest.GeoJson, "This feature"),
            OgcRequest.Link(href + "?f=html", "alternate", OgcRequest.Html, "This feature as HTML"),
            OgcRequest.Link($"{OgcRequest.Root(request)}/collections/{c.Id}", "collection", OgcRequest.JsonType, c.Title),
        }, OgcRequest.Json);
        // The feature is written (FeatureJson); its links go in before the closing brace.
        return Results.Text(item.Json[..^1] + ",\"links\":" + links + "}", OgcRequest.GeoJson);
    }

    /// <summary>The request's selection, or the 400 that names what is wrong with it.</summary>
    static (Selection? Selection, IResult? Error) Parse(HttpRequest r, CollectionSpec c)
    {
        if (OgcRequest.RefuseUnknown(r, ItemsParameters, c) is { } unknown) return (null, unknown);
        var html = OgcRequest.WantsHtml(r, out var error);
        if (error is not null) return (null, error);
        var q = new ItemsQuery(c);

        foreach (var p in ItemsParameters) if (!OgcRequest.TryOne(r, p, out _, out error)) return (null, error);
        var limitText = r.Query["limit"].ToString();
        var limit = DefaultLimit;
        if (limitText.Length > 0)
        {
            // Part 1 (1.0.1) /req/core/fc-limit-response-1 C: past the advertised maximum is not an
            // error; the maximum is used (and the next link says so).
            var digits = limitText.TrimStart('0');
            if (!limitText.All(char.IsAsciiDigit) || digits.Length == 0)
                return (null, Problem.Invalid("limit", Rules.Limit, $"limit must be a whole number from 1 to {MaxLimit} (larger values are taken as {MaxLimit})."));
            limit = digits.Length > 9 ? MaxLimit : Math.Min(int.Parse(digits, CultureInfo.InvariantCulture), MaxLimit);
        }
        long after = 0;
        if (r.Query["after"].ToString() is { Length: > 0 } afterText && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            return (null, Problem.Invalid("after", Rules.After, "after must be a feature id from a next link."));

        var crs = OgcRequest.Crs(r, "crs", out error);
        if (crs is null) return (null, error);

        if (r.Query["bbox"].ToString() is { Length: > 0 } bboxText)
        {
            var bboxCrs = OgcRequest.Crs(r, "bbox-crs", out error);
            if (bboxCrs is null) return (null, error);
            if (Box(bboxText, bboxCrs) is not { } box)
                return (null, Problem.Invalid("bbox", Rules.Bbox,
                    $"bbox must be 4 numbers (or 6 with heights), lower corner first, in the axis order of {bboxCrs.Uri} ({(bboxCrs.NorthFirst ? "north first" : "east first")}){(bboxCrs.Geographic ? " within -180..180 and -90..90 degrees" : "")}."));
            q.AddBox(box);
        }
        else if (r.Query.ContainsKey("bbox-crs") && OgcRequest.Crs(r, "bbox-crs", out error) is null) return (null, error);

        if (r.Query["datetime"].ToString() is { Length: > 0 } datetime)
        {
            if (OgcTime.Parse(datetime) is not { } span)
                return (null, Problem.Invalid("datetime", Rules.Datetime,
                    "datetime must be a date-time (2017-06-01T00:00:00Z or 2017-06-01) or an interval start/end where either end may be '..' or empty, start not after end."));
            q.AddDays(span);
        }

        if (r.Query["filter"].ToString() is { Length: > 0 } filterText)
        {
            var lang = r.Query["filter-lang"].ToString() is { Length: > 0 } l ? l : FilterLanguages[0];
            if (!FilterLanguages.Contains(lang))
                return (null, Problem.Invalid("filter-lang", Rules.FilterLang, $"filter-lang must be one of {string.Join(", ", FilterLanguages)}."));
            var filterCrs = OgcRequest.Crs(r, "filter-crs", out error);
            if (filterCrs is null) return (null, error);
            try
            {
                q.AddFilter(lang == "cql2-json" ? CqlJson.Parse(filterText) : CqlText.Parse(filterText), filterCrs);
            }
            catch (CqlException e)
            {
                object position = e.At.Path ?? (object)(e.At.Offset + 1);
                return (null, Problem.Invalid(new FieldError("filter", Rules.Cql2, "filter: " + e.Message),
                    new Dictionary<string, object?> { ["position"] = position }));
            }
        }
        else
        {
            foreach (var p in new[] { "filter-lang", "filter-crs" })
                if (r.Query.ContainsKey(p) && (p == "filter-crs" ? OgcRequest.Crs(r, p, out error) is null : !FilterLanguages.Contains(r.Query[p].ToString())))
                    return (null, error ?? Problem.Invalid(p, Rules.FilterLang, $"filter-lang must be one of {string.Join(", ", FilterLanguages)}."));
        }

        // Queryables as query parameters (Part 3): ?status=completed&road_class=county.
        foreach (var (name, values) in r.Query)
        {
            if (ItemsParameters.Contains(name) || Queryables.Find(c, name) is not { } queryable) continue;
            if (values.Count > 1) return (null, Problem.Invalid(name, Rules.Repeated, $"{name} is given {values.Count} times; give it once (or use filter with IN)."));
            if (!q.AddEquals(queryable, values.ToString()))
                return (null, Problem.Invalid(name, Rules.FilterValue, $"{name} holds {(queryable.Type == QueryableType.Date ? "dates (yyyy-mm-dd)" : "numbers")}; '{values}' is not one."));
        }
        return (new Selection(q, crs, limit, after, html), null);
    }

    /// <summary>A bbox value in <paramref name="crs"/> (axes in its order) as the storage polygon; null when malformed.</summary>
    static NetTopologySuite.Geometries.Polygon? Box(string text, OgcCrs crs)
    {
        var parts = text.Split(',');
        if (parts.Length is not (4 or 6)) return null;
        var v = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i])) return null;
        var (a0, b0, a1, b1) = parts.Length == 4 ? (v[0], v[1], v[2], v[3]) : (v[0], v[1], v[3], v[4]);
        if (a0 > a1 || b0 > b1) return null;
        if (crs.Geographic)
        {
            var (lon0, lat0) = crs.ToLonLat(a0, b0);
            var (lon1, lat1) = crs.ToLonLat(a1, b1);
            if (lon0 < -180 || lon1 > 180 || lat0 < -90 || lat1 > 90) return null;
        }
        var box = crs.BoxToStorage(a0, b0, a1, b1);
        return box.Coordinates.All(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && Math.Abs(p.X) <= 180 && Math.Abs(p.Y) <= 90) ? box : null;
    }
}
