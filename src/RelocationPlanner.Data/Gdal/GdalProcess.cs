using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RelocationPlanner.Data.Gdal;

/// <summary>Why a GDAL command was stopped: it ran past its wall-clock limit or ran out of its memory.</summary>
public enum GdalLimit { Time, Memory }

/// <summary>A GDAL command stopped by <see cref="GdalLimits"/>.</summary>
public sealed class GdalLimitException(GdalLimit limit, string message) : Exception(message)
{
    public GdalLimit Limit { get; } = limit;
}

/// <summary>GDAL opened the input with another driver than the one its format names (the content claims to be something else).</summary>
public sealed class GdalDriverException(string message) : Exception(message);

/// <summary>
/// What one GDAL process may use: wall-clock seconds (<c>RP_GDAL_TIMEOUT_SECONDS</c>, default 1800) and
/// address space in bytes (<c>RP_GDAL_MAX_MEMORY_BYTES</c>, default 2 GiB, set with setrlimit through
/// util-linux <c>prlimit --as</c>, so the kernel refuses the allocation that would pass it).
/// </summary>
public sealed record GdalLimits(TimeSpan Timeout, long MaxMemoryBytes)
{
    public static GdalLimits Current { get; } = new(
        TimeSpan.FromSeconds(Settings.Read("RP_GDAL_TIMEOUT_SECONDS", 1800, min: 1)),
        Settings.Read("RP_GDAL_MAX_MEMORY_BYTES", 2L << 30, min: 256L << 20));
}

/// <summary>
/// Every GDAL command the service and <c>rp</c> run starts here, so every one of them gets the same
/// guards: only the drivers the caller names are registered (<c>GDAL_SKIP</c> lists all the others, so
/// VRT, PostgreSQL and the network drivers never open anything), network access through <c>/vsicurl</c>
/// and its relatives is refused, SQL functions in GeoPackage views that could read other files stay off,
/// stdin is closed, and the process runs under <see cref="GdalLimits"/>. The driver each input was opened
/// with is read back from GDAL's own debug line and must be one of those named.
/// </summary>
public sealed partial class GdalProcess : IAsyncDisposable
{
    /// <summary>
    /// Config options for every GDAL process. Network: GDAL 3.6 has no single switch, so /vsicurl and its
    /// relatives (S3, GS, Azure, streaming) may only fetch names ending in an extension nothing has, and
    /// any HTTP(S) that still starts goes to a proxy on the discard port, which refuses it.
    /// </summary>
    static readonly Dictionary<string, string> Config = new()
    {
        ["CPL_VSIL_CURL_ALLOWED_EXTENSIONS"] = ".rp-network-disabled",
        ["GDAL_HTTP_PROXY"] = "127.0.0.1:9",
        ["GDAL_HTTPS_PROXY"] = "127.0.0.1:9",
        ["GDAL_HTTP_TIMEOUT"] = "1",
        ["GDAL_HTTP_MAX_RETRY"] = "0",
        ["ALLOW_OGR_SQL_FUNCTIONS_FROM_TRIGGER_AND_VIEW"] = "NO",
        ["LIBKML_RESOLVE_STYLE"] = "NO",
        ["LIBKML_EXTERNAL_STYLE"] = "NO",
        // No .aux.xml side files read or written next to uploads.
        ["GDAL_PAM_ENABLED"] = "NO",
        // Only the GDAL category: it names the driver each dataset was opened with (checked below).
        ["CPL_DEBUG"] = "GDAL",
    };

    /// <summary>Inherited settings that could undo the guards above (curl reads the proxy variables itself).</summary>
    static readonly string[] Cleared = ["CPL_LOG", "CPL_LOG_ERRORS", "GDAL_SKIP", "OGR_SKIP", "GDAL_DRIVER_PATH", "CPL_CONFIG_FILE", "GDAL_CONFIG_FILE",
        "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"];

    static readonly Lazy<string[]> AllDrivers = new(ListDrivers);

    readonly Process process;
    readonly Task<ErrorText> stderr;
    readonly CancellationTokenSource deadline;
    readonly string[] opensAs;
    readonly string tool;
    bool timedOut, stopped;

    GdalProcess(Process process, string tool, string[] opensAs, GdalLimits limits)
    {
        this.process = process;
        this.tool = tool;
        this.opensAs = opensAs;
        process.StandardInput.Close();
        stderr = ReadErrorsAsync(process.StandardError);
        deadline = new CancellationTokenSource(limits.Timeout);
        deadline.Token.Register(() => { timedOut = true; Kill(); });
        Limits = limits;
    }

    public GdalLimits Limits { get; }

    /// <summary>The command's standard output (ogr2ogr writes /vsistdout/ here).</summary>
    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>
    /// Starts <paramref name="tool"/> (ogrinfo, ogr2ogr) with only <paramref name="drivers"/> registered;
    /// every dataset it opens must open with one of <paramref name="opensAs"/>.
    /// </summary>
    public static GdalProcess Start(string tool, IEnumerable<string> args, string[] drivers, string[] opensAs, GdalLimits? limits = null)
    {
        limits ??= GdalLimits.Current;
        var psi = Prepare(tool, args, drivers, limits);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {tool} (install gdal-bin and util-linux).");
        return new GdalProcess(p, tool, opensAs, limits);
    }

    /// <summary>Runs a command to its end and returns its exit code, output and error text.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string tool, IEnumerable<string> args, string[] drivers, string[] opensAs, CancellationToken ct)
    {
        await using var p = Start(tool, args, drivers, opensAs);
        var output = new StreamReader(p.Output, Encoding.UTF8).ReadToEndAsync(ct);
        var (code, errors) = await p.WaitAsync(ct);
        return (code, await output, errors);
    }

    /// <summary>
    /// Waits for the end; returns the exit code and the error text (debug lines removed). Throws
    /// <see cref="GdalLimitException"/> past a limit and <see cref="GdalDriverException"/> when an input
    /// opened with a driver not allowed.
    /// </summary>
    public async Task<(int Code, string Errors)> WaitAsync(CancellationToken ct)
    {
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            Stop();
            throw;
        }
        var errors = await stderr;
        if (timedOut)
            throw new GdalLimitException(GdalLimit.Time, $"{tool} ran past its limit of {Limits.Timeout.TotalSeconds:0} s (RP_GDAL_TIMEOUT_SECONDS) and was stopped.");
        // GDAL says "out of memory"; C++ code aborts on std::bad_alloc (SIGABRT, exit 134); the kernel's OOM killer sends SIGKILL (137).
        if (errors.OutOfMemory || (!stopped && process.ExitCode is 134 or 137))
            throw new GdalLimitException(GdalLimit.Memory, $"{tool} ran out of its memory limit of {Limits.MaxMemoryBytes / (1024 * 1024)} MiB (RP_GDAL_MAX_MEMORY_BYTES).");
        if (errors.OpenedWith.FirstOrDefault(d => !opensAs.Contains(d)) is { } other)
            throw new GdalDriverException($"GDAL opened the file as {other}, not as {string.Join(" or ", opensAs)}.");
        return (process.ExitCode, errors.Text);
    }

    /// <summary>What GDAL printed on stderr: the first <see cref="MaxErrorChars"/> of its messages (a file may warn on every row), the drivers it opened datasets with, whether it ran out of memory.</summary>
    sealed record ErrorText(string Text, List<string> OpenedWith, bool OutOfMemory);

    const int MaxErrorChars = 64 * 1024;

    static async Task<ErrorText> ReadErrorsAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var opened = new List<string>();
        bool outOfMemory = false, hasError = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (OpenedWith().Match(line) is { Success: true } m) opened.Add(m.Groups[1].Value);
            if (line.StartsWith("GDAL: ", StringComparison.Ordinal)) continue;
            outOfMemory |= line.Contains("out of memory", StringComparison.OrdinalIgnoreCase) || line.Contains("bad_alloc", StringComparison.Ordinal)
                || line.Contains("Cannot allocate memory", StringComparison.OrdinalIgnoreCase);
            var error = line.StartsWith("ERROR", StringComparison.Ordinal);
            // Past the cap, the first error is still kept: callers look for one.
            if (text.Length < MaxErrorChars || (error && !hasError)) text.AppendLine(line);
            hasError |= error;
        }
        return new ErrorText(text.ToString(), opened, outOfMemory);
    }

    /// <summary>The driver GDAL's debug output (CPL_DEBUG=GDAL) says a dataset was opened with.</summary>
    [GeneratedRegex(@"^GDAL: GDALOpen\(.*, this=0x[0-9a-f]+\) succeeds as (.+)\.$")]
    private static partial Regex OpenedWith();

    static ProcessStartInfo Prepare(string tool, IEnumerable<string> args, string[] drivers, GdalLimits limits)
    {
        // prlimit (util-linux) sets the limits on itself and then execs the tool: same process id, so a
        // kill on time-out reaches GDAL. No core files from a killed GDAL land in the working folder.
        // The kernel enforces RLIMIT_AS: the allocation past it fails and GDAL reports "out of memory".
        var psi = new ProcessStartInfo("prlimit")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add("--as=" + limits.MaxMemoryBytes.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--core=0");
        // CPU seconds never outrun wall-clock seconds, so this only ends a GDAL whose service died (no timer left).
        psi.ArgumentList.Add("--cpu=" + ((long)Math.Ceiling(limits.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--");
        psi.ArgumentList.Add(tool);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var name in Cleared) psi.Environment.Remove(name);
        foreach (var (k, v) in Config) psi.Environment[k] = v;
        var skip = AllDrivers.Value.Where(d => !drivers.Contains(d)).ToList();
        // Comma-separated: names such as "ESRI Shapefile" hold spaces.
        psi.Environment["GDAL_SKIP"] = string.Join(',', skip) + ",";
        return psi;
    }

    /// <summary>Every driver this GDAL has (vector and raster), asked once per process.</summary>
    static string[] ListDrivers()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tool in new[] { "ogrinfo", "gdalinfo" })
        {
            var psi = new ProcessStartInfo(tool, "--formats") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var name in Cleared) psi.Environment.Remove(name);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {tool} (install gdal-bin).");
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            foreach (Match m in DriverLine().Matches(text)) names.Add(m.Groups[1].Value);
        }
        if (names.Count == 0) throw new InvalidOperationException("GDAL lists no drivers (ogrinfo --formats).");
        return [.. names];
    }

    /// <summary>"  ESRI Shapefile -vector- (rw+v): ESRI Shapefile" in --formats output.</summary>
    [GeneratedRegex(@"^\s+(.+?) -[a-z, ]+- \(", RegexOptions.Multiline)]
    private static partial Regex DriverLine();

    /// <summary>Ends the process early (the reader stopped); its exit then says nothing about memory.</summary>
    public void Stop()
    {
        stopped = true;
        Kill();
    }

    void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        deadline.Dispose();
        try { await stderr; } catch (IOException) { }
        process.Dispose();
    }
}
