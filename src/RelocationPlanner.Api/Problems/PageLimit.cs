using System.Globalization;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Api.Problems;

/// <summary>A list's <c>?limit=</c>, read the same way by every list that pages.</summary>
public static class PageLimit
{
    /// <summary>
    /// The list's default when absent; else digits only (no sign, space or exponent) from 1 to
    /// <paramref name="max"/>, or a field error added to <paramref name="errors"/>.
    /// </summary>
    public static int Parse(string? text, int defaultLimit, int max, ICollection<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text)) return defaultLimit;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
        errors.Add(new("limit", Rules.Range, $"limit is a whole number from 1 to {max} (default {defaultLimit})."));
        return defaultLimit;
    }
}
