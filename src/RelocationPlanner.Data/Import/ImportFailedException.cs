using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Data.Import;

/// <summary>
/// Why an import stored nothing: the file could not be read (or not within the GDAL limits), it unpacks
/// past the archive limits, rows broke rules, or codes clash with stored data.
/// </summary>
public enum ImportFailure { Unreadable, Unsupported, Invalid, Conflict, TooLarge }

/// <summary>An import that stored nothing, with the file's name and the row-level errors.</summary>
public sealed class ImportFailedException(ImportFailure kind, string file, string message, IReadOnlyList<RowError> errors) : Exception(message)
{
    public ImportFailure Kind { get; } = kind;
    public string File { get; } = file;
    public IReadOnlyList<RowError> Errors { get; } = errors;

    public static ImportFailedException Unreadable(string file, string rule, string message, long row = 0) =>
        new(ImportFailure.Unreadable, file, $"{file}: {message}", [new RowError(row, "file", rule, message)]);

    public static ImportFailedException TooLarge(string file, string rule, string message) =>
        new(ImportFailure.TooLarge, file, $"{file}: {message}", [new RowError(0, "file", rule, message)]);
}

/// <summary>
/// What an import stored, and what it did on the way: rows stored with a change worth saying
/// (e.g. z_dropped), and the file's fields renamed or dropped (row 0, the source field, rule
/// <c>renamed</c> or <c>dropped</c>); the first <see cref="FeatureImporter.MaxErrors"/>.
/// </summary>
public sealed record ImportResult(string Collection, string File, string Format, long Imported, double Seconds)
{
    public IReadOnlyList<RowError> Warnings { get; init; } = [];
}
