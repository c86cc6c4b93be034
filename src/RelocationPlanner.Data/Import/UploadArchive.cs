using RelocationPlanner.Core.Features;
using System.Buffers;
using System.IO.Compression;

namespace RelocationPlanner.Data.Import;

/// <summary>
/// How far an archive upload may expand: <c>RP_IMPORT_MAX_EXPANDED_BYTES</c> (default 2 GiB) in all, and
/// <c>RP_IMPORT_MAX_RATIO</c> (default 100) times the archive's own size; at most <see cref="MaxEntries"/> entries.
/// </summary>
public sealed record ImportLimits(long MaxExpandedBytes, long MaxRatio)
{
    public const int MaxEntries = 10_000;

    public static ImportLimits Current { get; } = new(
        Settings.Read("RP_IMPORT_MAX_EXPANDED_BYTES", 2L << 30, min: 1),
        Settings.Read("RP_IMPORT_MAX_RATIO", 100, min: 1));
}

/// <summary>
/// Unpacks a zipped Shapefile or a KMZ for GDAL, so GDAL never reads an archive itself: every entry name
/// is checked (no absolute paths, no <c>..</c>, no symbolic links), the sizes the central directory
/// declares are held against <see cref="ImportLimits"/> first, and the bytes are counted again as they
/// are unpacked (a header may lie). Only the entries GDAL needs are written, under names of our choosing.
/// </summary>
public static class UploadArchive
{
    /// <summary>Unpacks the Shapefile's .shp/.shx/.dbf/.prj/.cpg into <paramref name="folder"/>; returns the .shp path.</summary>
    public static string UnpackShapefile(string zipPath, string fileName, string folder, ImportLimits limits)
    {
        using var zip = Open(zipPath, fileName);
        var entries = Check(zip, zipPath, fileName, limits);
        var names = entries.Where(e => e.Name.Length > 0).Select(e => e.FullName).ToList();
        var shp = names.FirstOrDefault(n => n.EndsWith(".shp", StringComparison.OrdinalIgnoreCase))
            ?? throw ImportFailedException.Unreadable(fileName, "zip_without_shp", "The zip holds no .shp file: zip the .shp, .shx, .dbf and .prj of one Shapefile.");
        var stem = shp[..^4];
        foreach (var part in new[] { ".shx", ".dbf" })
            if (!names.Any(n => n.Equals(stem + part, StringComparison.OrdinalIgnoreCase)))
                throw ImportFailedException.Unreadable(fileName, "shapefile_incomplete", $"The zip has {shp} but no {stem}{part}.");
        if (!names.Any(n => n.Equals(stem + ".prj", StringComparison.OrdinalIgnoreCase)))
            throw ImportFailedException.Unreadable(fileName, "unknown_crs", $"The zip has {shp} but no {stem}.prj, so its coordinate system is unknown.");

        var counter = new Counter(zipPath, fileName, limits);
        foreach (var e in entries)
        {
            var ext = Path.GetExtension(e.FullName).ToLowerInvariant();
            if (!e.FullName.StartsWith(stem, StringComparison.OrdinalIgnoreCase) || e.FullName.Length != stem.Length + 4
                || ext is not (".shp" or ".shx" or ".dbf" or ".prj" or ".cpg")) continue;
            using var target = File.Create(Path.Combine(folder, "layer" + ext));
            counter.Copy(e, target);
        }
        return Path.Combine(folder, "layer.shp");
    }

    /// <summary>
    /// Copies the KMZ's .kml documents, in their order and with their relative names (a KMZ's first
    /// document may link to the others), into a new uncompressed KMZ in <paramref name="folder"/>.
    /// </summary>
    public static string RepackKmz(string kmzPath, string fileName, string folder, ImportLimits limits)
    {
        using var zip = Open(kmzPath, fileName);
        var entries = Check(zip, kmzPath, fileName, limits).Where(e => e.FullName.EndsWith(".kml", StringComparison.OrdinalIgnoreCase)).ToList();
        if (entries.Count == 0) throw ImportFailedException.Unreadable(fileName, "kmz_without_kml", "The KMZ holds no .kml document.");
        var path = Path.Combine(folder, "doc.kmz");
        var counter = new Counter(kmzPath, fileName, limits);
        using (var output = ZipFile.Open(path, ZipArchiveMode.Create))
            foreach (var e in entries)
            {
                using var target = output.CreateEntry(e.FullName, CompressionLevel.NoCompression).Open();
                counter.Copy(e, target);
            }
        return path;
    }

    static ZipArchive Open(string path, string fileName)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw ImportFailedException.Unreadable(fileName, "corrupt_zip", "The zip file is damaged: " + e.Message);
        }
    }

    /// <summary>Names, links and declared sizes of every entry, before anything is unpacked.</summary>
    static IReadOnlyList<ZipArchiveEntry> Check(ZipArchive zip, string path, string fileName, ImportLimits limits)
    {
        IReadOnlyList<ZipArchiveEntry> entries;
        try
        {
            entries = zip.Entries;
        }
        catch (InvalidDataException e)
        {
            throw ImportFailedException.Unreadable(fileName, "corrupt_zip", "The zip file is damaged: " + e.Message);
        }
        if (entries.Count > ImportLimits.MaxEntries)
            throw ImportFailedException.TooLarge(fileName, Rules.MaxEntries, $"The archive holds {entries.Count:N0} entries; at most {ImportLimits.MaxEntries:N0} are accepted.");
        long declared = 0;
        foreach (var e in entries)
        {
            if (UnsafeName(e.FullName) is { } why)
                throw ImportFailedException.Unreadable(fileName, Rules.UnsafePath, $"The archive holds an entry named \"{Printable(e.FullName)}\" ({why}); nothing was unpacked.");
            // Unix mode in the high 16 bits of the external attributes; 0xA000 is a symbolic link.
            if ((((uint)e.ExternalAttributes >> 16) & 0xF000) == 0xA000)
                throw ImportFailedException.Unreadable(fileName, Rules.Symlink, $"The archive entry \"{Printable(e.FullName)}\" is a symbolic link; links are not followed.");
            declared += e.Length;
        }
        new Counter(path, fileName, limits).Check(declared, "declares");
        return entries;
    }

    static string? UnsafeName(string name)
    {
        if (name.Length == 0) return "an empty name";
        if (name.Any(char.IsControl)) return "a control character";
        var unified = name.Replace('\\', '/');
        if (unified.StartsWith('/') || (unified.Length > 1 && unified[1] == ':')) return "an absolute path";
        if (unified.Split('/').Any(s => s == "..")) return "a path out of the archive";
        return null;
    }

    static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).Take(200).ToArray());

    /// <summary>Counts unpacked bytes against both limits, whatever the headers said.</summary>
    sealed class Counter(string path, string fileName, ImportLimits limits)
    {
        readonly long compressed = Math.Max(1, new FileInfo(path).Length);
        long expanded;

        public void Check(long bytes, string verb)
        {
            if (bytes > limits.MaxExpandedBytes)
                throw ImportFailedException.TooLarge(fileName, Rules.MaxExpandedBytes,
                    $"The archive {verb} {bytes:N0} bytes unpacked; at most {limits.MaxExpandedBytes:N0} are accepted (RP_IMPORT_MAX_EXPANDED_BYTES).");
            if (bytes / (double)compressed > limits.MaxRatio)
                throw ImportFailedException.TooLarge(fileName, Rules.MaxRatio,
                    $"The archive {verb} {bytes:N0} bytes unpacked from {compressed:N0}, {bytes / (double)compressed:N0} times its size; at most {limits.MaxRatio} times is accepted (RP_IMPORT_MAX_RATIO).");
        }

        public void Copy(ZipArchiveEntry entry, Stream target)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                using var source = entry.Open();
                int n;
                while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    expanded += n;
                    Check(expanded, "unpacks to more than");
                    target.Write(buffer, 0, n);
                }
            }
            catch (InvalidDataException e)
            {
                throw ImportFailedException.Unreadable(fileName, "corrupt_zip", $"The zip entry {Printable(entry.FullName)} is damaged: {e.Message}");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
