using System.Diagnostics;

namespace RelocationPlanner.TestSupport;

/// <summary>Reads PDFs with poppler-utils (what tools/test installs): text, fonts, page size, the first page as an image (the API's and the browser's tests).</summary>
public static class Poppler
{
    /// <summary>Where the rendered pages are kept to look at (artifacts/outputs).</summary>
    public static readonly string Pages = Path.Combine(TestDatabase.RepoRoot, "artifacts", "outputs");

    static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({p.ExitCode}): {stderr}");
        return stdout.Result;
    }

    public static string Text(string pdf) => Run("pdftotext", "-layout", pdf, "-");

    /// <summary>pdffonts' rows: name, type, embedded, has a ToUnicode map.</summary>
    public static List<(string Name, string Type, bool Embedded, bool Unicode)> Fonts(string pdf) =>
        [.. Run("pdffonts", pdf).Split('\n').Skip(2).Where(l => l.Length > 60).Select(l =>
        {
            var cols = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // The last columns are emb sub uni object-id generation.
            return (cols[0], string.Join(' ', cols[1..^6]), cols[^5] == "yes", cols[^3] == "yes");
        })];

    /// <summary>The first page's size in points (pdfinfo's "Page size: W x H pts").</summary>
    public static (double W, double H) PageSize(string pdf)
    {
        var line = Run("pdfinfo", pdf).Split('\n').Single(l => l.StartsWith("Page size:", StringComparison.Ordinal));
        var parts = line["Page size:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Renders the first page to artifacts/outputs/{name}.png (to look at) and as grey levels, and
    /// answers the share of pixels that are not white: ink on the page.
    /// </summary>
    public static double Ink(string pdf, string name)
    {
        Directory.CreateDirectory(Pages);
        Run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, Path.Combine(Pages, name));
        var grey = Path.Combine(Path.GetTempPath(), $"rp-page-{Guid.NewGuid():N}");
        Run("pdftoppm", "-gray", "-r", "30", "-f", "1", "-l", "1", "-singlefile", pdf, grey);
        try
        {
            // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte a pixel.
            var bytes = File.ReadAllBytes(grey + ".pgm");
            var header = 0;
            for (var fields = 0; fields < 4; header++)
                if (char.IsWhiteSpace((char)bytes[header]) && header > 0 && !char.IsWhiteSpace((char)bytes[header - 1])) fields++;
            var pixels = bytes.AsSpan(header);
            var dark = 0;
            foreach (var b in pixels) if (b < 200) dark++;
            return dark / (double)pixels.Length;
        }
        finally
        {
            File.Delete(grey + ".pgm");
        }
    }
}
