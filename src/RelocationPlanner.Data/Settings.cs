using System.Globalization;

namespace RelocationPlanner.Data;

/// <summary>Whole-number limits read from the environment (documented in docs/security.md); nonsense is refused at first use.</summary>
public static class Settings
{
    public static long Read(string name, long fallback, long min)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min)
            throw new InvalidOperationException($"{name} must be a whole number >= {min}, not '{text}'.");
        return v;
    }
}
