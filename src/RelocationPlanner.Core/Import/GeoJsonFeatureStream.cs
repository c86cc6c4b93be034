using System.Text;
using System.Text.Json;

namespace RelocationPlanner.Core.Import;

/// <summary>A GeoJSON source that cannot be read (syntax, truncation, wrong shape, a feature too large); names the feature it stopped at.</summary>
public sealed class GeoJsonStreamException(string message, long featureIndex, string rule = "unreadable") : Exception(message)
{
    /// <summary>0-based index of the feature being read when the problem was found.</summary>
    public long FeatureIndex { get; } = featureIndex;

    /// <summary>The rule code: unreadable, or feature_too_large.</summary>
    public string Rule { get; } = rule;
}

/// <summary>
/// The one reader of FeatureCollections: reads features one at a time from a GeoJSON
/// FeatureCollection or a GeoJSON text sequence (one Feature per line, as <c>ogr2ogr -f
/// GeoJSONSeq</c> writes), so an import never holds more than one buffer and one feature of the
/// file in memory; a feature larger than <paramref name="maxFeatureBytes"/> is refused before it
/// is parsed. Each feature then goes through <see cref="Features.FeatureReader"/> (imports, demo
/// data); a collection already parsed in a request body is walked by <see cref="Members"/>.
/// </summary>
public sealed class GeoJsonFeatureStream(Stream source, bool sequence, long maxFeatureBytes = long.MaxValue)
{
    enum Phase { Start, InCollection, InFeatures, AfterFeatures, Done }

    byte[] buffer = new byte[1 << 20];
    int start, end;
    bool final;
    JsonReaderState state = new(new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 64 });
    Phase phase;
    long index;

    /// <summary>Why the top-level "crs" member (RFC 7946 dropped it) is refused, when one names another CRS than WGS 84.</summary>
    public Features.FieldError? CrsError { get; private set; }

    /// <summary>Features read so far.</summary>
    public long Count => index;

    /// <summary>Yields each Feature object; the caller disposes each document.</summary>
    public async IAsyncEnumerable<JsonDocument> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var batch = new List<JsonDocument>();
        while (phase != Phase.Done)
        {
            if (!final && end - start < buffer.Length / 2) await FillAsync(ct);
            var progressed = Step(batch);
            foreach (var d in batch) yield return d;
            batch.Clear();
            if (phase == Phase.Done) break;
            if (!progressed)
            {
                if (final) throw Truncated();
                // One value is larger than what is buffered: grow and read more, up to the limit.
                if (end - start > maxFeatureBytes) throw TooLarge();
                if (start == 0 && end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                await FillAsync(ct);
            }
        }
    }

    async Task FillAsync(CancellationToken ct)
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < buffer.Length)
        {
            var n = await source.ReadAsync(buffer.AsMemory(end), ct);
            if (n == 0) { final = true; break; }
            end += n;
            if (end - start >= buffer.Length / 2) break;
        }
    }

    GeoJsonStreamException Truncated() => new(
        phase == Phase.Start ? "The file is empty or is not GeoJSON." : $"The file ends in the middle of feature {index + 1}: it is truncated or not closed properly.", index);

    /// <summary>Reads as many whole steps as the buffer holds; false when it made no progress.</summary>
    bool Step(List<JsonDocument> batch)
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
        var progressed = false;
        try
        {
            while (phase != Phase.Done)
            {
                var checkpoint = reader;
                if (!StepOnce(ref reader, batch))
                {
                    reader = checkpoint;
                    break;
                }
                progressed = true;
            }
        }
        catch (JsonException e)
        {
            throw new GeoJsonStreamException($"Invalid JSON near feature {index + 1}: {e.Message}", index);
        }
        start += (int)reader.BytesConsumed;
        state = reader.CurrentState;
        return progressed;
    }

    /// <summary>One token or one whole value; false (reader unchanged by the caller) when more data is needed.</summary>
    bool StepOnce(ref Utf8JsonReader r, List<JsonDocument> batch)
    {
        if (!r.Read())
        {
            if (final && (sequence || phase == Phase.Done)) { phase = Phase.Done; return true; }
            if (final && phase == Phase.Start) throw Truncated();
            return false;
        }
        switch (phase)
        {
            case Phase.Start when sequence:
                if (r.TokenType != JsonTokenType.StartObject) throw new GeoJsonStreamException("Expected a GeoJSON Feature object on each line.", index);
                return TakeFeature(ref r, batch);
            case Phase.Start:
                if (r.TokenType != JsonTokenType.StartObject) throw new GeoJsonStreamException("The body must be a GeoJSON FeatureCollection object.", index);
                phase = Phase.InCollection;
                return true;
            case Phase.InCollection or Phase.AfterFeatures:
                if (r.TokenType == JsonTokenType.EndObject) { phase = Phase.Done; return true; }
                var name = r.GetString();
                if (!r.Read()) return false;
                if (name == "features" && phase == Phase.InCollection)
                {
                    if (r.TokenType != JsonTokenType.StartArray) throw new GeoJsonStreamException("features must be an array.", index);
                    phase = Phase.InFeatures;
                    return true;
                }
                if (name == "type" && r.TokenType == JsonTokenType.String && r.GetString() is { } t && t != "FeatureCollection")
                    throw new GeoJsonStreamException($"The body must be a GeoJSON FeatureCollection, not a {t}.", index);
                if (name == "crs")
                {
                    if (!JsonDocument.TryParseValue(ref r, out var crs)) return false;
                    using (crs) CrsError = GeoJson.GeoJsonIO.CheckCrs(crs.RootElement);
                    return true;
                }
                return r.TrySkip();
            case Phase.InFeatures:
                if (r.TokenType == JsonTokenType.EndArray) { phase = Phase.AfterFeatures; return true; }
                return TakeFeature(ref r, batch);
            default:
                return true;
        }
    }

    GeoJsonStreamException TooLarge() => new(
        $"Feature {index + 1} is larger than {maxFeatureBytes:N0} bytes, more than its collection's vertex limit needs.", index, Features.Rules.FeatureTooLarge);

    bool TakeFeature(ref Utf8JsonReader r, List<JsonDocument> batch)
    {
        var from = r.TokenStartIndex;
        if (!JsonDocument.TryParseValue(ref r, out var doc)) return false;
        if (r.BytesConsumed - from > maxFeatureBytes)
        {
            doc.Dispose();
            throw TooLarge();
        }
        batch.Add(doc);
        index++;
        return true;
    }

    /// <summary>
    /// The features of a FeatureCollection already parsed in a request body, with the same shape
    /// rules as a streamed one (an object with a features array, a WGS 84 crs if any); errors name
    /// <paramref name="field"/>. Each member is checked by whoever reads it (a non-object is refused there).
    /// </summary>
    public static (JsonElement[]? Features, Features.FieldError? Error) Members(JsonElement collection, string field)
    {
        if (collection.ValueKind != JsonValueKind.Object || !collection.TryGetProperty("features", out var list) || list.ValueKind != JsonValueKind.Array
            || (collection.TryGetProperty("type", out var t) && !(t.ValueKind == JsonValueKind.String && t.GetString() == "FeatureCollection")))
            return (null, new(field, Features.Rules.FeatureCollection, "A GeoJSON FeatureCollection with a features array is required."));
        if (collection.TryGetProperty("crs", out var crs) && GeoJson.GeoJsonIO.CheckCrs(crs, field + ".crs") is { } error) return (null, error);
        return ([.. list.EnumerateArray()], null);
    }

    /// <summary>Reads a whole small GeoJSON text (tests, single features).</summary>
    public static async Task<List<JsonDocument>> ReadAllAsync(string json, bool sequence = false)
    {
        var list = new List<JsonDocument>();
        await foreach (var d in new GeoJsonFeatureStream(new MemoryStream(Encoding.UTF8.GetBytes(json)), sequence).ReadAsync()) list.Add(d);
        return list;
    }
}
