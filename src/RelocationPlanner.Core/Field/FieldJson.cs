using System.Globalization;
using System.Text.Json;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Core.Field;

/// <summary>A position as a phone reports it: WGS 84 degrees and the accuracy radius in metres.</summary>
public sealed record Position(double Lon, double Lat, double? AccuracyM);

/// <summary>Readers for what the field sends (positions, times, ids), each naming the field at fault.</summary>
public static class FieldJson
{
    /// <summary>Clocks on phones drift; a time this far ahead of the server's is still "now".</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public const double MaxAccuracyM = 100_000;

    public static double? Number(JsonElement o, string name, List<FieldError> e, bool required)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) e.Add(new(name, Rules.Required, $"{name} is required."));
            return null;
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)) return d;
        e.Add(new(name, Rules.Number, $"{name} must be a number."));
        return null;
    }

    public static long? Long(JsonElement o, string name, List<FieldError> e, bool required, long min = 0, long max = long.MaxValue)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) e.Add(new(name, Rules.Required, $"{name} is required."));
            return null;
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var i) && i >= min && i <= max) return i;
        e.Add(new(name, Rules.Integer, $"{name} must be a whole number from {min} to {max}."));
        return null;
    }

    /// <summary>A position: lon and lat together (both required when <paramref name="required"/>), inside China; accuracy_m optional.</summary>
    public static Position? Position(JsonElement o, List<FieldError> e, bool required)
    {
        var before = e.Count;
        var lon = Number(o, "lon", e, required);
        var lat = Number(o, "lat", e, required);
        var accuracy = Number(o, "accuracy_m", e, false);
        if (e.Count > before) return null;
        if (lon is null != lat is null)
        {
            e.Add(new(lon is null ? "lon" : "lat", Rules.Required, "lon and lat come together."));
            return null;
        }
        if (accuracy is < 0 or > MaxAccuracyM) e.Add(new("accuracy_m", Rules.Range, $"accuracy_m is 0-{MaxAccuracyM:0} metres."));
        if (lon is null) return null;
        if (!GeometryRules.ChinaExtent.Contains(lon.Value, lat!.Value))
        {
            var swapped = GeometryRules.ChinaExtent.Contains(lat.Value, lon.Value);
            e.Add(new("lon", Rules.OutsideChina, $"Position ({lon}, {lat}) is outside China's extent (73-136 E, 3-54 N)" +
                (swapped ? "; lon and lat look swapped." : ".")));
        }
        return e.Count > before ? null : new Position(lon.Value, lat.Value, accuracy);
    }

    /// <summary>An ISO 8601 time with an offset (or Z), not in the future.</summary>
    public static DateTimeOffset? Timestamp(JsonElement o, string name, List<FieldError> e, bool required, DateTimeOffset now)
    {
        var s = Json.String(o, name, e, required);
        if (s is null) return null;
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) || !HasOffset(s))
        {
            e.Add(new(name, Rules.Timestamp, $"{name} must be an ISO 8601 time with its offset, e.g. 2026-11-30T10:00:00Z."));
            return null;
        }
        if (t > now + ClockSkew)
        {
            e.Add(new(name, Rules.NotInFuture, $"{name} {s} is in the future."));
            return null;
        }
        return t;
    }

    static bool HasOffset(string s) => s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && (s[^6] is '+' or '-') && s[^3] == ':');

    /// <summary>A date (yyyy-mm-dd) on or before today in China.</summary>
    public static DateOnly? PastDate(JsonElement o, string name, List<FieldError> e, bool required)
    {
        var d = Json.Date(o, name, e, required);
        if (d > Money.Today())
        {
            e.Add(new(name, Rules.NotInFuture, $"{name} {d:yyyy-MM-dd} is in the future: record what has happened."));
            return null;
        }
        return d;
    }

    public static string? Text(JsonElement o, string name, List<FieldError> e, int maxLength, bool required = false)
    {
        var s = Json.String(o, name, e, required);
        if (s is { Length: var n } && n > maxLength)
        {
            e.Add(new(name, Rules.TooLong, $"{name} is at most {maxLength} characters."));
            return null;
        }
        return s;
    }

    /// <summary>An array of distinct positive ids (at most <paramref name="max"/>); empty when absent.</summary>
    public static long[] Ids(JsonElement o, string name, List<FieldError> e, int max)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) { e.Add(new(name, Rules.Array, $"{name} must be an array of ids.")); return []; }
        if (v.GetArrayLength() > max) { e.Add(new(name, Rules.TooMany, $"{name} holds at most {max} ids.")); return []; }
        var ids = new List<long>();
        foreach (var x in v.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Number || !x.TryGetInt64(out var id) || id < 1) { e.Add(new(name, Rules.Integer, $"{name} holds whole numbers from 1.")); return []; }
            if (!ids.Contains(id)) ids.Add(id);
        }
        return [.. ids];
    }

    /// <summary>An array of strings each from <paramref name="allowed"/>; empty when absent.</summary>
    public static string[] Names(JsonElement o, string name, List<FieldError> e, IReadOnlyList<string> allowed)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > allowed.Count)
        {
            e.Add(new(name, Rules.Array, $"{name} must be an array of at most {allowed.Count} names."));
            return [];
        }
        var names = new List<string>();
        foreach (var x in v.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.String || !allowed.Contains(x.GetString()!))
            {
                e.Add(new(name, Rules.Enum, $"{name} names fields from: {string.Join(", ", allowed)}."));
                return [];
            }
            if (!names.Contains(x.GetString()!)) names.Add(x.GetString()!);
        }
        return [.. names];
    }
}
