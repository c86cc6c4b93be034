using System.Diagnostics;

namespace RelocationPlanner.Data.Tables;

/// <summary>
/// Prints an HTML page to PDF with Debian's headless Chromium (the one tools/ensure-chromium
/// installs for the browser tests): the page sets its own paper size and page-number margin boxes
/// with CSS (<c>@page</c>), and Chromium lays out tables across pages, draws SVG charts and maps, and
/// embeds the glyphs of Noto Sans CJK (fonts-noto-cjk) so the PDF reads the same anywhere.
/// One Chromium at a time per process (each takes a few hundred MB); a print that hangs is killed.
/// </summary>
public static class PdfPrinter
{
    public const string PdfType = "application/pdf";

    static readonly SemaphoreSlim Gate = new(2);
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>RP_CHROMIUM, else Debian's chromium on the PATH.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("RP_CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "chromium";

    /// <summary>The PDF of the page; throws when Chromium is missing, fails or runs over its time.</summary>
    public static async Task<byte[]> PrintAsync(string html, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        var dir = Directory.CreateTempSubdirectory("rp-print-");
        try
        {
            var page = Path.Combine(dir.FullName, "page.html");
            var pdf = Path.Combine(dir.FullName, "page.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-extensions", "--mute-audio", $"--user-data-dir={Path.Combine(dir.FullName, "profile")}",
                "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri])
                start.ArgumentList.Add(a);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(Timeout);
            try { await process.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not print within {Timeout.TotalSeconds} s.");
            }
            if (!File.Exists(pdf) || new FileInfo(pdf).Length == 0)
                throw new InvalidOperationException($"Chromium printed nothing (exit {process.ExitCode}): {Last(await stderr)}");
            return await File.ReadAllBytesAsync(pdf, ct);
        }
        finally
        {
            Gate.Release();
            try { dir.Delete(recursive: true); } catch (IOException) { } // the profile may still be closing
        }
    }

    static string Last(string s) => s.Length > 500 ? s[^500..] : s;
}
