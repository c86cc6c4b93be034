using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;

namespace RelocationPlanner.Data.Import;

/// <summary>
/// An import file on disk, read feature by feature: GeoJSON is parsed directly (streamed), every
/// other format is read by GDAL (<c>ogr2ogr -f GeoJSONSeq /vsistdout/ -t_srs EPSG:4326</c>) and
/// streamed from its output, so no format is ever loaded whole.
/// </summary>
public sealed partial class ImportSource
{
    public string Path { get; }
    public string FileName { get; }
    public string Format { get; }
    /// <summary>Features the file declares (GDAL's count), when known before reading; for progress.</summary>
    public long? ExpectedCount { get; private set; }
    /// <summary>The file's size in bytes (progress for GeoJSON is by bytes read).</summary>
    public long Length { get; }
    long bytesRead;

    string? gdalPath, layer, sourceCrs;
    long maxFeatureBytes = long.MaxValue;
    string[] openOptions = [];
    bool explode;

    ImportSource(string path, string fileName, string format)
    {
        Path = path; FileName = fileName; Format = format;
        Length = new FileInfo(path).Length;
    }

    /// <summary>Fraction of the file read so far (0..1), by features when GDAL counted them, else by bytes.</summary>
    public double Fraction(long rows) => ExpectedCount is > 0 ? Math.Min(1, rows / (double)ExpectedCount) : Length > 0 ? Math.Min(1, Interlocked.Read(ref bytesRead) / (double)Length) : 0;

    [GeneratedRegex(@"^EPSG:\d{4,6}$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgCode();

    /// <summary>Recognises the format by the file name's extension and checks GDAL can open it (layer, geometry, CRS).</summary>
    public static async Task<ImportSource> OpenAsync(string path, string fileName, CollectionSpec c, string? sourceCrs, CancellationToken ct)
    {
        var ext = System.IO.Path.GetExtension(fileName).ToLowerInvariant();
        var format = ext switch
        {
            ".geojson" or ".json" => "geojson",
            ".gpkg" => "gpkg",
            ".zip" => "shp",
            ".shp" => throw ImportFailedException.Unreadable(fileName, Rules.ShapefileZip, "Upload a Shapefile as one .zip holding the .shp, .shx, .dbf and .prj files."),
            ".kml" => "kml",
            ".kmz" => "kmz",
            ".csv" => "csv",
            ".fgb" => "fgb",
            _ => throw new ImportFailedException(ImportFailure.Unsupported, fileName, $"{fileName}: unsupported format",
                [new RowError(0, "file", "format", $"{fileName}: send GeoPackage (.gpkg), zipped Shapefile (.zip), KML/KMZ, CSV, GeoJSON or FlatGeobuf (.fgb).")]),
        };
        if (sourceCrs is not null && !EpsgCode().IsMatch(sourceCrs))
            throw ImportFailedException.Unreadable(fileName, Rules.SourceCrs, "source_crs must be written EPSG:<code>, e.g. EPSG:4547.");
        var s = new ImportSource(path, fileName, format) { sourceCrs = sourceCrs, maxFeatureBytes = c.MaxFeatureBytes };
        if (s.Length == 0) throw ImportFailedException.Unreadable(fileName, Rules.Empty, "The file is empty.");
        if (format == "geojson") return s;

        s.gdalPath = path;
        if (format == "shp") s.gdalPath = "/vsizip/" + path + "/" + ShapefileInZip(path, fileName);
        if (format == "csv")
            s.openOptions = ["-oo", "X_POSSIBLE_NAMES=lon,lng,longitude,x", "-oo", "Y_POSSIBLE_NAMES=lat,latitude,y",
                "-oo", "GEOM_POSSIBLE_NAMES=wkt,geometry,geom,the_geom", "-oo", "KEEP_GEOM_COLUMNS=YES"];
        await s.InspectAsync(c, ct);
        return s;
    }

    static string ShapefileInZip(string path, string fileName)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            var shp = names.FirstOrDefault(n => n.EndsWith(".shp", StringComparison.OrdinalIgnoreCase))
                ?? throw ImportFailedException.Unreadable(fileName, Rules.ZipWithoutShp, "The zip holds no .shp file: zip the .shp, .shx, .dbf and .prj of one Shapefile.");
            var stem = shp[..^4];
            foreach (var part in new[] { ".shx", ".dbf" })
                if (!names.Any(n => n.Equals(stem + part, StringComparison.OrdinalIgnoreCase)))
                    throw ImportFailedException.Unreadable(fileName, Rules.ShapefileIncomplete, $"The zip has {shp} but no {stem}{part}.");
            if (!names.Any(n => n.Equals(stem + ".prj", StringComparison.OrdinalIgnoreCase)))
                throw ImportFailedException.Unreadable(fileName, Rules.UnknownCrs, $"The zip has {shp} but no {stem}.prj, so its coordinate system is unknown.");
            return shp;
        }
        catch (InvalidDataException e)
        {
            throw ImportFailedException.Unreadable(fileName, Rules.CorruptZip, "The zip file is damaged: " + e.Message);
        }
    }

    /// <summary>ogrinfo -so: picks the first layer with geometry, learns its feature count, refuses no geometry or no CRS.</summary>
    async Task InspectAsync(CollectionSpec c, CancellationToken ct)
    {
        var (code, stdout, stderr) = await RunAsync("ogrinfo", ["-ro", "-so", "-al", .. openOptions, gdalPath!], ct);
        if (code != 0 || stdout.Length == 0)
            throw ImportFailedException.Unreadable(FileName, Rules.Unreadable, $"GDAL cannot read the file ({Format}): {FirstLine(stderr)}");
        // One block per layer: "Layer name: X", "Geometry: T", "Feature Count: N", "Layer SRS WKT:\n(unknown)".
        var blocks = stdout.Split("Layer name: ", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        if (blocks.Count == 0) throw ImportFailedException.Unreadable(FileName, Rules.NoLayer, "The file holds no layer of features.");
        var withGeometry = blocks.Where(b => !b.Contains("Geometry: None") && !(Format == "csv" && !b.Contains("Geometry:"))).ToList();
        if (withGeometry.Count == 0)
            throw ImportFailedException.Unreadable(FileName, Rules.NoGeometry, Format == "csv"
                ? "The CSV has no geometry: give lon/lat (or x/y) columns or a WKT column."
                : "The file's layer has no geometry.");
        var chosen = withGeometry[0];
        layer = chosen[..chosen.IndexOf('\n')].Trim();
        var m = Regex.Match(chosen, @"Feature Count: (\d+)");
        if (m.Success) ExpectedCount = long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var unknownCrs = chosen.Contains("Layer SRS WKT:\n(unknown)") || !chosen.Contains("Layer SRS WKT:");
        if (unknownCrs && Format != "csv" && sourceCrs is null)
            throw ImportFailedException.Unreadable(FileName, Rules.UnknownCrs, "The file does not say its coordinate system (no .prj / SRS); give source_crs, e.g. EPSG:4547.");
        explode = !c.GeometryTypes.Any(t => t.StartsWith("Multi", StringComparison.Ordinal));
    }

    /// <summary>Yields the file's features, reprojected to EPSG:4326 by GDAL where needed.</summary>
    public async IAsyncEnumerable<JsonDocument> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (Format == "geojson")
        {
            await using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var counting = new CountingStream(file, n => Interlocked.Add(ref bytesRead, n));
            var reader = new GeoJsonFeatureStream(counting, sequence: false, maxFeatureBytes);
            await foreach (var f in Wrap(reader.ReadAsync(ct), reader, ct)) yield return f;
            yield break;
        }

        string[] args = ["-f", "GeoJSONSeq", "/vsistdout/", .. openOptions, gdalPath!, layer!, "-t_srs", "EPSG:4326", "-dim", "XY", "-lco", "COORDINATE_PRECISION=9"];
        if (Format == "csv" || sourceCrs is not null) args = [.. args, "-s_srs", sourceCrs ?? "EPSG:4326"];
        // Single-part multi-geometries (common in Shapefiles and GeoPackages) become the collection's simple type.
        if (explode) args = [.. args, "-explodecollections"];
        var psi = Start("ogr2ogr", args);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Cannot start ogr2ogr (install gdal-bin).");
        var stderr = p.StandardError.ReadToEndAsync(ct);
        try
        {
            var seq = new GeoJsonFeatureStream(p.StandardOutput.BaseStream, sequence: true, maxFeatureBytes);
            await foreach (var f in Wrap(seq.ReadAsync(ct), seq, ct)) yield return f;
            await p.WaitForExitAsync(ct);
            var err = await stderr;
            if (p.ExitCode != 0 || err.Contains("ERROR", StringComparison.Ordinal))
                throw ImportFailedException.Unreadable(FileName, err.Contains("transformation", StringComparison.OrdinalIgnoreCase) ? "unknown_crs" : "unreadable",
                    $"GDAL could not read all of the file ({Format}): {FirstLine(err)}", seq.Count + 1);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Turns a syntax or truncation error into an unreadable-file failure naming the row.</summary>
    async IAsyncEnumerable<JsonDocument> Wrap(IAsyncEnumerable<JsonDocument> source, GeoJsonFeatureStream reader, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var e = source.GetAsyncEnumerator(ct);
        while (true)
        {
            bool more;
            try { more = await e.MoveNextAsync(); }
            catch (GeoJsonStreamException x) when (x.Rule == Rules.FeatureTooLarge)
            {
                throw new ImportFailedException(ImportFailure.Invalid, FileName, $"{FileName}: {x.Message}", [new RowError(x.FeatureIndex + 1, "$", x.Rule, x.Message)]);
            }
            catch (GeoJsonStreamException x) { throw ImportFailedException.Unreadable(FileName, x.Rule, x.Message, x.FeatureIndex + 1); }
            if (!more) break;
            yield return e.Current;
        }
        if (reader.CrsError is { } crs) throw ImportFailedException.Unreadable(FileName, crs.Rule, crs.Message);
    }

    static string FirstLine(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Length > 0) ?? "no detail";

    static ProcessStartInfo Start(string tool, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardErrorEncoding = Encoding.UTF8 };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CPL_LOG"] = "OFF";
        return psi;
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string tool, IEnumerable<string> args, CancellationToken ct)
    {
        using var p = Process.Start(Start(tool, args)) ?? throw new InvalidOperationException($"Cannot start {tool} (install gdal-bin).");
        var o = p.StandardOutput.ReadToEndAsync(ct);
        var e = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await o, await e);
    }

    /// <summary>Counts bytes as they are read, for progress by position in the file.</summary>
    sealed class CountingStream(Stream inner, Action<int> read) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { var n = inner.Read(buffer, offset, count); read(n); return n; }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) { var n = await inner.ReadAsync(buffer, ct); read(n); return n; }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
