namespace RelocationPlanner.Api;

/// <summary>Feature ETags are the row version: strong, quoted, "v{version}".</summary>
public static class ETag
{
    public static string Of(int version) => $"\"v{version}\"";

    public static int? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var s = header.Trim();
        if (s.StartsWith("W/", StringComparison.Ordinal)) s = s[2..];
        s = s.Trim('"');
        return s.StartsWith('v') && int.TryParse(s.AsSpan(1), out var v) ? v : -1;
    }
}
