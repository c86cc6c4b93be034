using System.Globalization;

namespace RelocationPlanner.Data.Users;

/// <summary>
/// When a new token stops working: a date (<c>2027-03-01</c>, the start of that day UTC) or a
/// number of days from now (<c>30d</c>); by default <see cref="DefaultDays"/> days.
/// </summary>
public static class TokenExpiry
{
    /// <summary>The longest lifetime a token may be given (five years).</summary>
    public const int MaxDays = 1826;

    /// <summary>RP_TOKEN_DAYS (1 to <see cref="MaxDays"/>), else 90.</summary>
    public static int DefaultDays()
    {
        var text = Environment.GetEnvironmentVariable("RP_TOKEN_DAYS");
        if (string.IsNullOrWhiteSpace(text)) return 90;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= MaxDays
            ? d : throw new ArgumentException($"RP_TOKEN_DAYS must be a whole number of days from 1 to {MaxDays}, not '{text}'.");
    }

    public static DateTime Default(DateTime nowUtc) => nowUtc.AddDays(DefaultDays());

    /// <summary>The expiry (UTC) that <paramref name="text"/> names, or an error for a person.</summary>
    public static (DateTime? ExpiresAt, string? Error) Parse(string text, DateTime nowUtc)
    {
        DateTime at;
        if (text.Length > 1 && text[^1] == 'd' && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            at = nowUtc.AddDays(days);
        else if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            at = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        else return (null, $"'{text}' is neither a date (YYYY-MM-DD) nor a number of days (30d).");
        if (at <= nowUtc) return (null, $"{text} is not in the future.");
        if (at > nowUtc.AddDays(MaxDays)) return (null, $"{text} is more than {MaxDays} days away; issue a new token later instead.");
        return (at, null);
    }
}
