using System.Diagnostics;
using System.Net.Http.Headers;

namespace RelocationPlanner.Api.Tests.Import;

/// <summary>Runs GDAL's command-line tools for tests (files are made and reopened by GDAL itself).</summary>
public static class Gdal
{
    public static async Task<string> Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {await e}");
        return await o;
    }

    /// <summary>A fresh temp folder for one test.</summary>
    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "rp-ie-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>A multipart upload of one file, with optional extra text fields.</summary>
    public static MultipartFormDataContent Upload(string path, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", Path.GetFileName(path));
        foreach (var (n, v) in fields) form.Add(new StringContent(v), n);
        return form;
    }
}
