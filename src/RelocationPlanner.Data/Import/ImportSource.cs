using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Data.Gdal;

namespace RelocationPlanner.Data.Import;

/// <summary>
/// An import file on disk, read feature by feature: GeoJSON is parsed directly (streamed), every
/// other format is read by GDAL (<c>ogr2ogr -f GeoJSONSeq /vsistdout/ -t_srs EPSG:4326</c>) and
/// streamed from its output, so no format is ever loaded whole. GDAL runs through
/// <see cref="GdalProcess"/> with only the driver the file's extension names; archives are unpacked by
/// <see cref="UploadArchive"/> first, into a <see cref="SpoolFolder"/> removed on dispose.
/// </summary>
public sealed partial class ImportSource : IAsyncDisposable
{
    /// <summary>Accepted extensions: the format's name and the one GDAL driver that may open it (none: our own GeoJSON reader).</summary>
    static readonly Dictionary<string, (string Format, string? Driver)> Formats = new()
    {
        [".geojson"] = ("geojson", null),
        [".json"] = ("geojson", null),
        [".gpkg"] = ("gpkg", "GPKG"),
        [".zip"] = ("shp", "ESRI Shapefile"),
        // LIBKML reads ExtendedData/SchemaData (the KML driver does not) and follows links only inside a KMZ.
        [".kml"] = ("kml", "LIBKML"),
        [".kmz"] = ("kmz", "LIBKML"),
        [".csv"] = ("csv", "CSV"),
        [".fgb"] = ("fgb", "FlatGeobuf"),
    };

    static readonly string[] CsvX = ["lon", "lng", "longitude", "x"], CsvY = ["lat", "latitude", "y"], CsvGeometry = ["wkt", "geometry", "geom", "the_geom"];

    /// <summary>Columns LIBKML makes from KML's own elements (styling, time): not the user's data.</summary>
    static readonly string[] KmlElements = ["timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet"];

    public string Path { get; }
    public string FileName { get; }
    public string Format { get; }
    /// <summary>Features the file declares (GDAL's count), when known before reading; for progress.</summary>
    public long? ExpectedCount { get; private set; }
    /// <summary>The file's size in bytes (progress for GeoJSON is by bytes read).</summary>
    public long Length { get; }
    /// <summary>The chosen layer's field names as GDAL reports them (null for GeoJSON, read directly).</summary>
    public IReadOnlyList<string>? Fields { get; private set; }
    /// <summary>Fields that are not data: coordinate columns of a CSV, KML's own elements.</summary>
    public IReadOnlyList<string> NotData => Format switch { "csv" => [.. CsvX, .. CsvY, .. CsvGeometry], "kml" or "kmz" => KmlElements, _ => [] };
    long bytesRead;

    string? gdalPath, layer, sourceCrs, driver;
    long maxFeatureBytes = long.MaxValue;
    string[] openOptions = [];
    bool explode;
    SpoolFolder? parts;

    ImportSource(string path, string fileName, string format, string? driver)
    {
        Path = path; FileName = fileName; Format = format; this.driver = driver;
        Length = new FileInfo(path).Length;
    }

    /// <summary>Fraction of the file read so far (0..1), by features when GDAL counted them, else by bytes.</summary>
    public double Fraction(long rows) => ExpectedCount is > 0 ? Math.Min(1, rows / (double)ExpectedCount) : Length > 0 ? Math.Min(1, Interlocked.Read(ref bytesRead) / (double)Length) : 0;

    [GeneratedRegex(@"^EPSG:\d{4,6}$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgCode();

    /// <summary>
    /// Recognises the format by the file name's extension, unpacks archives within
    /// <paramref name="limits"/> and checks GDAL can open the file with that format's driver (layer, geometry, CRS).
    /// </summary>
    public static async Task<ImportSource> OpenAsync(string path, string fileName, CollectionSpec c, string? sourceCrs, CancellationToken ct, ImportLimits? limits = null)
    {
        var ext = System.IO.Path.GetExtension(fileName).ToLowerInvariant();
        if (ext == ".shp") throw ImportFailedException.Unreadable(fileName, Rules.ShapefileZip, "Upload a Shapefile as one .zip holding the .shp, .shx, .dbf and .prj files.");
        if (!Formats.TryGetValue(ext, out var f))
            throw new ImportFailedException(ImportFailure.Unsupported, fileName, $"{fileName}: unsupported format",
                [new RowError(0, "file", "format", $"{fileName}: send GeoPackage (.gpkg), zipped Shapefile (.zip), KML/KMZ, CSV, GeoJSON or FlatGeobuf (.fgb).")]);
        if (sourceCrs is not null && !EpsgCode().IsMatch(sourceCrs))
            throw ImportFailedException.Unreadable(fileName, Rules.SourceCrs, "source_crs must be written EPSG:<code>, e.g. EPSG:4547.");
        var s = new ImportSource(path, fileName, f.Format, f.Driver) { sourceCrs = sourceCrs, maxFeatureBytes = c.MaxFeatureBytes };
        if (s.Length == 0) throw ImportFailedException.Unreadable(fileName, Rules.Empty, "The file is empty.");
        if (f.Driver is null) return s;
        try
        {
            limits ??= ImportLimits.Current;
            s.gdalPath = path;
            if (f.Format is "shp" or "kmz")
            {
                s.parts = SpoolFolder.Create("parts");
                s.gdalPath = f.Format == "shp"
                    ? UploadArchive.UnpackShapefile(path, fileName, s.parts.Path, limits)
                    : UploadArchive.RepackKmz(path, fileName, s.parts.Path, limits);
            }
            if (f.Format == "csv")
                s.openOptions = ["-oo", "X_POSSIBLE_NAMES=" + string.Join(',', CsvX), "-oo", "Y_POSSIBLE_NAMES=" + string.Join(',', CsvY),
                    "-oo", "GEOM_POSSIBLE_NAMES=" + string.Join(',', CsvGeometry), "-oo", "KEEP_GEOM_COLUMNS=YES"];
            await s.InspectAsync(c, ct);
            return s;
        }
        catch
        {
            await s.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes whatever was unpacked for GDAL.</summary>
    public ValueTask DisposeAsync()
    {
        parts?.Delete();
        parts = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>ogrinfo -so: picks the first layer with geometry, learns its feature count and fields, refuses no geometry or no CRS.</summary>
    async Task InspectAsync(CollectionSpec c, CancellationToken ct)
    {
        var (code, stdout, stderr) = await Gdal(() => GdalProcess.RunAsync("ogrinfo", ["-ro", "-so", "-al", .. openOptions, gdalPath!], [driver!], [driver!], ct));
        if (code != 0 || stdout.Length == 0 || stderr.Contains("ERROR", StringComparison.Ordinal))
            throw ImportFailedException.Unreadable(FileName, Rules.Unreadable, $"GDAL cannot read the file as {Format}: {FirstLine(stderr)}");
        // One block per layer: "Layer name: X", "Geometry: T", "Feature Count: N", "Layer SRS WKT:\n(unknown)", then "field: Type (w.p)".
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
        Fields = FieldLine().Matches(chosen).Select(x => x.Groups[1].Value).ToList();
        var unknownCrs = chosen.Contains("Layer SRS WKT:\n(unknown)") || !chosen.Contains("Layer SRS WKT:");
        if (unknownCrs && Format != "csv" && sourceCrs is null)
            throw ImportFailedException.Unreadable(FileName, Rules.UnknownCrs, "The file does not say its coordinate system (no .prj / SRS); give source_crs, e.g. EPSG:4547.");
        explode = !c.GeometryTypes.Any(t => t.StartsWith("Multi", StringComparison.Ordinal));
    }

    /// <summary>A field in ogrinfo's layer summary: "completed_: Date (10.0)", "flag: Integer(Boolean) (1.0)".</summary>
    [GeneratedRegex(@"^(\S.*?): (?:Integer64|Integer|Real|String|Date|DateTime|Time|Binary|\w+List)(?:\(\w+\))? \(\d+\.\d+\)", RegexOptions.Multiline)]
    private static partial Regex FieldLine();

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
        // The output driver is registered too; the file must still open with the format's own driver.
        await using var p = GdalProcess.Start("ogr2ogr", args, [driver!, "GeoJSONSeq"], [driver!]);
        var seq = new GeoJsonFeatureStream(p.Output, sequence: true, maxFeatureBytes);
        var features = Wrap(seq.ReadAsync(ct), seq, ct).GetAsyncEnumerator(ct);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await features.MoveNextAsync();
                }
                catch (ImportFailedException)
                {
                    // Output cut short: a GDAL stopped at a limit says so rather than "truncated".
                    p.Stop();
                    await FinishAsync(p, seq.Count, ct);
                    throw;
                }
                if (!more) break;
                yield return features.Current;
            }
        }
        finally
        {
            await features.DisposeAsync();
        }
        await FinishAsync(p, seq.Count, ct);
    }

    async Task FinishAsync(GdalProcess p, long rows, CancellationToken ct)
    {
        var (code, err) = await Gdal(() => p.WaitAsync(ct));
        if (code != 0 || err.Contains("ERROR", StringComparison.Ordinal))
            throw ImportFailedException.Unreadable(FileName, err.Contains("transformation", StringComparison.OrdinalIgnoreCase) ? Rules.UnknownCrs : Rules.Unreadable,
                $"GDAL could not read all of the file ({Format}): {FirstLine(err)}", rows + 1);
    }

    /// <summary>GDAL stopped at a limit, or the content is another format than the extension says: the file is refused.</summary>
    async Task<T> Gdal<T>(Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (GdalLimitException e)
        {
            throw ImportFailedException.Unreadable(FileName, e.Limit == GdalLimit.Time ? Rules.TimeLimit : Rules.MemoryLimit, e.Message);
        }
        catch (GdalDriverException e)
        {
            throw ImportFailedException.Unreadable(FileName, Rules.WrongFormat, $"The file is not what its name says ({Format}): {e.Message}");
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

    /// <summary>The first error GDAL printed (else its first line).</summary>
    static string FirstLine(string s)
    {
        var lines = s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.StartsWith("ERROR", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "no detail";
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
