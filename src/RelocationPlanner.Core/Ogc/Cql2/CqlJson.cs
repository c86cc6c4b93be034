using System.Text.Json;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.Ogc.Cql2;

/// <summary>
/// CQL2 JSON (OGC 21-065, the cql2.json schema) to the same <see cref="CqlExpression"/> tree as
/// the text encoding. Errors name the JSON path of the node at fault ("args[1].args[0]").
/// </summary>
public static class CqlJson
{
    public static CqlExpression Parse(string json)
    {
        if (json.Length > CqlText.MaxLength) throw new CqlException($"the filter is longer than {CqlText.MaxLength} characters.", new CqlPos(0, ""));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new CqlException($"not valid JSON ({e.Message})", new CqlPos((int)(e.BytePositionInLine ?? 0)));
        }
        using (doc) return Node(doc.RootElement, "");
    }

    static CqlPos At(string path) => new(0, path);

    static string Child(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";

    static CqlExpression Node(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: return new CqlString(e.GetString()!, At(path));
            case JsonValueKind.Number:
                return e.TryGetDecimal(out var d) ? new CqlNumber(d, At(path)) : throw new CqlException("the number is out of range.", At(path));
            case JsonValueKind.True: return new CqlBool(true, At(path));
            case JsonValueKind.False: return new CqlBool(false, At(path));
            case JsonValueKind.Object: break;
            case JsonValueKind.Array: throw new CqlException("an array is only allowed as the list of \"in\" or the ends of an \"interval\".", At(path));
            default: throw new CqlException("null is not a CQL2 expression.", At(path));
        }
        if (e.TryGetProperty("op", out var op))
        {
            if (op.ValueKind != JsonValueKind.String) throw new CqlException("\"op\" must be a string.", At(Child(path, "op")));
            return Operation(op.GetString()!, Args(e, path), path);
        }
        if (e.TryGetProperty("property", out var prop))
            return prop.ValueKind == JsonValueKind.String ? new CqlProperty(prop.GetString()!, At(path))
                : throw new CqlException("\"property\" must be a string naming a queryable.", At(Child(path, "property")));
        if (e.TryGetProperty("date", out var date)) return Instant(date, Child(path, "date"), isDate: true);
        if (e.TryGetProperty("timestamp", out var ts)) return Instant(ts, Child(path, "timestamp"), isDate: false);
        if (e.TryGetProperty("interval", out var interval))
        {
            var ip = Child(path, "interval");
            if (interval.ValueKind != JsonValueKind.Array || interval.GetArrayLength() != 2)
                throw new CqlException("\"interval\" must be an array of two ends.", At(ip));
            return new CqlInterval(IntervalEnd(interval[0], ip + "[0]"), IntervalEnd(interval[1], ip + "[1]"), At(path));
        }
        if (e.TryGetProperty("bbox", out var bbox))
        {
            var bp = Child(path, "bbox");
            if (bbox.ValueKind != JsonValueKind.Array || bbox.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                throw new CqlException("\"bbox\" must be an array of 4 or 6 numbers.", At(bp));
            return CqlWkt.BoxOf([.. bbox.EnumerateArray().Select(v => v.GetDouble())], At(bp));
        }
        if (e.TryGetProperty("type", out _) && (e.TryGetProperty("coordinates", out _) || e.TryGetProperty("geometries", out _)))
            return new CqlGeometry(Geometry(e, path), At(path));
        throw new CqlException("not a CQL2 expression: expected \"op\"/\"args\", \"property\", \"date\", \"timestamp\", \"interval\", \"bbox\" or a GeoJSON geometry.", At(path));
    }

    static List<(JsonElement Value, string Path)> Args(JsonElement e, string path)
    {
        var ap = Child(path, "args");
        if (!e.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Array)
            throw new CqlException("an operation needs an \"args\" array.", At(ap));
        return [.. args.EnumerateArray().Select((a, i) => (a, $"{ap}[{i}]"))];
    }

    static CqlExpression Operation(string op, List<(JsonElement Value, string Path)> args, string path)
    {
        var at = At(path);
        void Count(int n)
        {
            if (args.Count != n) throw new CqlException($"\"{op}\" takes {n} argument{(n == 1 ? "" : "s")}, not {args.Count}.", At(Child(path, "args")));
        }
        CqlExpression Arg(int i) => Node(args[i].Value, args[i].Path);
        var lower = op.ToLowerInvariant();
        switch (lower)
        {
            case "and" or "or":
                if (args.Count < 2) throw new CqlException($"\"{op}\" takes at least 2 arguments.", At(Child(path, "args")));
                List<CqlExpression> list = [.. args.Select(a => Node(a.Value, a.Path))];
                return lower == "and" ? new CqlAnd(list, at) : new CqlOr(list, at);
            case "not": Count(1); return new CqlNot(Arg(0), at);
            case "=" or "<>" or "<" or ">" or "<=" or ">=": Count(2); return new CqlCompare(op, Arg(0), Arg(1), at);
            case "like": Count(2); return new CqlLike(Arg(0), Arg(1), at);
            case "between": Count(3); return new CqlBetween(Arg(0), Arg(1), Arg(2), at);
            case "in":
                {
                    Count(2);
                    var (list2, lp) = args[1];
                    if (list2.ValueKind != JsonValueKind.Array || list2.GetArrayLength() == 0)
                        throw new CqlException("the second argument of \"in\" must be a non-empty array.", At(lp));
                    return new CqlIn(Arg(0), [.. list2.EnumerateArray().Select((v, i) => Node(v, $"{lp}[{i}]"))], at);
                }
            case "isnull": Count(1); return new CqlIsNull(Arg(0), at);
            case "casei": Count(1); return new CqlCaseI(Arg(0), at);
            case "accenti": return new CqlUnsupported("accenti (accent-insensitive comparison)", at);
        }
        if (CqlOperators.Spatial.Contains(lower)) { Count(2); return new CqlSpatial(lower, Arg(0), Arg(1), at); }
        if (CqlOperators.Temporal.Contains(lower)) { Count(2); return new CqlTemporal(lower, Arg(0), Arg(1), at); }
        if (CqlOperators.Array.Contains(lower)) return new CqlUnsupported($"the array function {op}", at);
        if (lower is "+" or "-" or "*" or "/" or "%" or "^" or "div") return new CqlUnsupported($"arithmetic (\"{op}\")", at);
        return new CqlFunction(op, [], at);
    }

    static CqlExpression Instant(JsonElement v, string path, bool isDate)
    {
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : null;
        if (text is null || (isDate ? text.Length != 10 : text.Length <= 10) || OgcTime.Day(text) is not { } day)
            throw new CqlException(isDate ? "a date must be a string yyyy-mm-dd." : "a timestamp must be a string yyyy-mm-ddThh:mm:ssZ.", At(path));
        return new CqlInstant(day, At(path));
    }

    static CqlExpression IntervalEnd(JsonElement v, string path)
    {
        if (v.ValueKind == JsonValueKind.String)
        {
            var s = v.GetString()!;
            if (s == "..") return new CqlOpen(At(path));
            return OgcTime.Day(s) is { } day ? new CqlInstant(day, At(path)) : throw new CqlException($"'{s}' is not a date, a timestamp or '..'.", At(path));
        }
        return Node(v, path);
    }

    static Geometry Geometry(JsonElement e, string path)
    {
        Geometry? g;
        try
        {
            g = e.Deserialize<Geometry>(GeoJsonIO.Options);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new CqlException("not a valid GeoJSON geometry: " + ex.Message, At(path));
        }
        if (g is null || g.IsEmpty) throw new CqlException("an empty geometry matches nothing.", At(path));
        if (g.Coordinates.Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y))) throw new CqlException("coordinates must be finite numbers.", At(path));
        return g;
    }
}
