namespace RelocationPlanner.Core.Features;

/// <summary>
/// One thing wrong with a request: the field at fault (a JSON path such as
/// <c>features[3].properties.status</c>), the rule it broke and a sentence for a person.
/// </summary>
public sealed record FieldError(string Field, string Rule, string Message)
{
    public FieldError Under(string prefix) => this with { Field = prefix + "." + Field };
}
