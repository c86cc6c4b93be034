using System.Globalization;
using System.Text.RegularExpressions;

namespace RelocationPlanner.Core.Ogc;

/// <summary>A closed span of calendar days; a null bound is open ("..").</summary>
public readonly record struct DaySpan(DateOnly? Start, DateOnly? End);

/// <summary>
/// Dates and date-times of OGC requests (the items <c>datetime</c> parameter, CQL2 DATE and
/// TIMESTAMP literals) as the calendar days the collections store. Stored dates are Chinese
/// calendar days, so a date-time is reduced to its day in China Standard Time (UTC+8).
/// </summary>
public static partial class OgcTime
{
    static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    // RFC 3339 date or date-time; the time zone may be left out (read as UTC), and a bare
    // trailing "T" (GDAL's OAPIF driver writes "2017-01-01T" for a date) is read as the date.
    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})(?:[Tt](?:(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|z|[+-]\d{2}:\d{2})?)?)?$")]
    private static partial Regex Instant();

    /// <summary>
    /// The calendar day of a date or date-time, or null when it is not one. Year 0000 (QGIS writes
    /// 0000-01-01T00:00:00Z for "no lower bound") is the earliest day there is.
    /// </summary>
    public static DateOnly? Day(string text)
    {
        var m = Instant().Match(text);
        if (!m.Success) return null;
        int year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            day = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        if (year == 0 && month == 1 && day == 1) return DateOnly.MinValue;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        var date = new DateOnly(year, month, day);
        if (!m.Groups[4].Success) return date;
        int hour = int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), minute = int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture),
            second = int.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59 || second > 60) return null;
        var offset = TimeSpan.Zero;
        if (m.Groups[8].Success && m.Groups[8].Value is not ("Z" or "z"))
        {
            var v = m.Groups[8].Value;
            var (h, mm) = (int.Parse(v.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(v.AsSpan(4, 2), CultureInfo.InvariantCulture));
            if (h > 23 || mm > 59) return null;
            offset = new TimeSpan(h, mm, 0) * (v[0] == '-' ? -1 : 1);
        }
        if (offset.Duration() > TimeSpan.FromHours(14)) return null;
        var utc = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset);
        // The last hours of 9999-12-31 UTC are beyond the calendar in UTC+8: the last day it has.
        return utc.UtcDateTime > DateTime.MaxValue - ChinaStandardTime ? DateOnly.MaxValue
            : DateOnly.FromDateTime(utc.ToOffset(ChinaStandardTime).DateTime);
    }

    /// <summary>
    /// The items <c>datetime</c> parameter (Features Part 1): an instant, or start/end where either
    /// end may be ".." or empty (open). Null when malformed or the start is after the end.
    /// </summary>
    public static DaySpan? Parse(string text)
    {
        text = text.Trim();
        var slash = text.IndexOf('/');
        if (slash < 0) return Day(text) is { } d ? new DaySpan(d, d) : null;
        if (text.IndexOf('/', slash + 1) >= 0) return null;
        var (a, b) = (text[..slash].Trim(), text[(slash + 1)..].Trim());
        if (a is "" or ".." && b is "" or "..") return null;
        DateOnly? start = null, end = null;
        if (a is not ("" or ".."))
        {
            start = Day(a);
            if (start is null) return null;
        }
        if (b is not ("" or ".."))
        {
            end = Day(b);
            if (end is null) return null;
        }
        if (start is { } s && end is { } e && s > e) return null;
        return new DaySpan(start, end);
    }
}
