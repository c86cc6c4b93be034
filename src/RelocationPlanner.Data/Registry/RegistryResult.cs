using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Data.Registry;

public enum RegistryFailure { None, Invalid, Conflict, NotFound, Unprocessable, Stale }

/// <summary>A registry write's outcome: a value, or the fields at fault (nothing written then).</summary>
public sealed record RegistryResult<T>(T? Value, IReadOnlyList<FieldError> Errors, RegistryFailure Failure = RegistryFailure.None)
{
    public bool Ok => Failure == RegistryFailure.None;
    public static RegistryResult<T> Success(T value) => new(value, []);
    public static RegistryResult<T> Fail(RegistryFailure f, params FieldError[] errors) => new(default, errors, f);
}
