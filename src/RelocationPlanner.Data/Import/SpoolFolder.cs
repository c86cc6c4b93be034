namespace RelocationPlanner.Data.Import;

/// <summary>
/// One upload's folder in the import spool (<c>RP_IMPORT_DIR</c>, default <c>$TMPDIR/rp-imports</c>): the
/// uploaded file, whatever is unpacked from it, and GDAL's side files. Whoever works on a folder holds a
/// shared <c>flock</c> on its <c>.lock</c> file; a process that dies loses its locks with it, so
/// <see cref="Sweep"/> can tell what a crash left from work in progress, also when several service
/// instances (or <c>rp import</c>) share the spool. Folders handed to a background job are named
/// <c>job-*</c> and wait unlocked while queued: they are swept only past <see cref="JobFolderMaxAge"/>.
/// </summary>
public sealed class SpoolFolder : IDisposable
{
    const string LockName = ".lock";
    const string JobPrefix = "job-";

    /// <summary>A queued job's upload older than this is taken as abandoned.</summary>
    public static readonly TimeSpan JobFolderMaxAge = TimeSpan.FromDays(2);

    /// <summary>Folders younger than this are left alone: their creator may not hold the lock yet.</summary>
    public static readonly TimeSpan Young = TimeSpan.FromSeconds(2);

    public static string Root { get; } = System.IO.Path.GetFullPath(
        Environment.GetEnvironmentVariable("RP_IMPORT_DIR") is { Length: > 0 } d ? d : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rp-imports"));

    FileStream? hold;

    /// <summary>The folder's full path.</summary>
    public string Path { get; private set; }

    SpoolFolder(string path)
    {
        Path = path;
        hold = Lock(path);
    }

    /// <summary>A new, locked folder (kind: up for uploads, parts for unpacked archives).</summary>
    public static SpoolFolder Create(string kind)
    {
        var path = System.IO.Path.Combine(Root, $"{kind}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new SpoolFolder(path);
    }

    /// <summary>Locks the existing folder of <paramref name="file"/> (a job taking up its upload); null when it is gone or not an upload folder.</summary>
    public static SpoolFolder? Hold(string file)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!;
        if (System.IO.Path.GetDirectoryName(folder) != Root) return null;
        try
        {
            return Directory.Exists(folder) ? new SpoolFolder(folder) : null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Renames the folder for a background job (kept while queued); returns the new path of <paramref name="file"/>.</summary>
    public string HandToJob(string file)
    {
        var target = System.IO.Path.Combine(Root, JobPrefix + System.IO.Path.GetFileName(Path));
        Directory.Move(Path, target);
        Path = target;
        return System.IO.Path.Combine(target, System.IO.Path.GetFileName(file));
    }

    /// <summary>Removes the folder and everything in it.</summary>
    public void Delete()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException) { }
        Dispose();
    }

    /// <summary>Releases the lock and keeps the folder.</summary>
    public void Dispose()
    {
        hold?.Dispose();
        hold = null;
    }

    /// <summary>
    /// Removes what no live process holds: upload and unpack folders whose lock is free, and job folders
    /// (and loose files) older than <see cref="JobFolderMaxAge"/> whose lock is free. Returns how many went,
    /// and whether a folder was too young to judge (a crashed GDAL may have written to it a moment ago).
    /// </summary>
    public static (int Removed, bool YoungLeft) Sweep()
    {
        if (!Directory.Exists(Root)) return (0, false);
        var now = DateTime.UtcNow;
        var removed = 0;
        var youngLeft = false;
        foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos())
        {
            var age = now - entry.LastWriteTimeUtc;
            var waits = entry is FileInfo || entry.Name.StartsWith(JobPrefix, StringComparison.Ordinal);
            if (age < Young && !waits) youngLeft = true;
            if (age < Young || (waits && age < JobFolderMaxAge)) continue;
            var lockFile = entry is DirectoryInfo ? System.IO.Path.Combine(entry.FullName, LockName) : entry.FullName;
            try
            {
                // LOCK_EX fails at once while anyone holds the shared lock.
                using (File.Exists(lockFile) ? new FileStream(lockFile, FileMode.Open, FileAccess.Read, FileShare.None) : null)
                {
                    if (entry is DirectoryInfo d) d.Delete(recursive: true);
                    else entry.Delete();
                }
                removed++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return (removed, youngLeft);
    }

    /// <summary>A shared flock (FileStream takes LOCK_SH for any share mode but None) held until disposed.</summary>
    static FileStream Lock(string folder) =>
        new(System.IO.Path.Combine(folder, LockName), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
