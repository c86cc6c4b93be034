namespace RelocationPlanner.Core.Features;

/// <summary>
/// One thing wrong with a request: the field at fault (a JSON path such as
/// <c>features[3].properties.status</c>), the rule it broke and a sentence for a person.
/// </summary>
public sealed record FieldError(string Field, string Rule, string Message)
{
    public FieldError Under(string prefix) => this with { Field = prefix + "." + Field };
}

/// <summary>
/// One thing wrong with one row of an imported file: the row (a GeoJSON file's 1-based feature
/// number; a CSV file's line, the header being line 1; 0 for the file as a whole), the field, the
/// rule and a sentence for a person.
/// </summary>
public sealed record RowError(long Row, string Field, string Rule, string Message);
