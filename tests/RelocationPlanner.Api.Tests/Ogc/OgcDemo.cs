using System.Text.Json;
using Npgsql;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>
/// The OGC conformance and client tests share one service with the demo data (they only read),
/// so the suite starts it once rather than once per class.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OgcDemo : ICollectionFixture<DemoServiceFixture>
{
    public const string Name = "OGC API on the demo data";
}

/// <summary>Answers straight from PostGIS, to compare the service's with.</summary>
public static class PostGis
{
    public static async Task<T> ScalarAsync<T>(this ServiceFixture f, string sql, params object[] values)
    {
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.AddWithValue(v);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task<List<T>> ColumnAsync<T>(this ServiceFixture f, string sql, params object[] values)
    {
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.AddWithValue(v);
        var list = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetFieldValue<T>(0));
        return list;
    }

    /// <summary>GET as JSON, asserting the status.</summary>
    public static async Task<JsonElement> GetJson(this HttpClient http, string url, int status = 200)
    {
        var r = await http.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == status, $"{url}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every feature of an items query, following next links; and the first page's numberMatched.</summary>
    public static async Task<(List<JsonElement> Features, long? Matched)> AllItems(this HttpClient http, string url)
    {
        var features = new List<JsonElement>();
        long? matched = null;
        string? next = url;
        var first = true;
        while (next is not null)
        {
            var page = await http.GetJson(next);
            if (first && page.TryGetProperty("numberMatched", out var m)) matched = m.GetInt64();
            first = false;
            features.AddRange(page.GetProperty("features").EnumerateArray());
            next = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => l.GetProperty("href").GetString()).FirstOrDefault();
        }
        return (features, matched);
    }

    public static IEnumerable<JsonElement> Links(this JsonElement doc, string rel) =>
        doc.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == rel);
}
