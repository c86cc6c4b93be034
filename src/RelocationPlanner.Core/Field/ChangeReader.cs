using System.Text.Json;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Core.Field;

/// <summary>One change from the field's queue, read and checked for shape (not yet against stored data).</summary>
public sealed record FieldChange(long PackageId, string HouseholdCode, int BaseVersion, string Kind,
    string? Step, DateOnly? Date, Position? Position, DateTimeOffset? RecordedAt, string? Device, long[] EvidenceIds,
    long? InspectionId, string? Outcome, string[] Fields, string? Note);

public static class ChangeReader
{
    public const string Milestone = "milestone";
    public const string InspectionResult = "inspection_result";
    public const string Verified = "verified";
    public const string Discrepancy = "discrepancy";
    public const int MaxEvidence = 20;

    public static (FieldChange? Change, List<FieldError> Errors) Read(JsonElement o, DateTimeOffset now)
    {
        var e = new List<FieldError>();
        if (o.ValueKind != JsonValueKind.Object) return (null, [new("$", Rules.Object, "The body must be a JSON object.")]);
        var package = FieldJson.Long(o, "package_id", e, true, 1);
        var code = FieldJson.Text(o, "household_code", e, 64, required: true);
        var baseVersion = FieldJson.Long(o, "base_version", e, true, 0, int.MaxValue);
        var kind = Json.String(o, "kind", e, true);
        var position = FieldJson.Position(o, e, required: false);
        var recordedAt = FieldJson.Timestamp(o, "recorded_at", e, false, now);
        var device = FieldJson.Text(o, "device", e, 200);
        var evidence = FieldJson.Ids(o, "evidence_ids", e, MaxEvidence);
        string? step = null, outcome = null, note = null;
        DateOnly? date = null;
        long? inspection = null;
        string[] fields = [];
        switch (kind)
        {
            case Milestone:
                step = Json.String(o, "step", e, true);
                if (step is not null && FieldSteps.CheckStep("step", step) is { } bad) e.Add(bad);
                date = FieldJson.PastDate(o, "date", e, true);
                break;
            case InspectionResult:
                inspection = FieldJson.Long(o, "inspection_id", e, true, 1);
                outcome = Json.String(o, "outcome", e, true);
                if (outcome is not null and not (Verified or Discrepancy))
                    e.Add(new("outcome", Rules.Enum, "outcome is verified or discrepancy."));
                fields = FieldJson.Names(o, "fields", e, FieldSteps.InspectedFields);
                if (outcome == Discrepancy && fields.Length == 0 && !e.Any(x => x.Field == "fields"))
                    e.Add(new("fields", Rules.Required, "A discrepancy names the fields at fault, e.g. [\"moved_in\"]."));
                if (outcome == Verified && fields.Length > 0)
                    e.Add(new("fields", Rules.Empty, "A verified household names no fields at fault."));
                note = FieldJson.Text(o, "note", e, 2000);
                break;
            case null:
                break;
            default:
                e.Add(new("kind", Rules.Enum, $"kind is {Milestone} or {InspectionResult}."));
                break;
        }
        if (e.Count > 0) return (null, e);
        return (new FieldChange(package!.Value, code!, (int)baseVersion!.Value, kind!, step, date, position, recordedAt, device, evidence,
            inspection, outcome, fields, note), e);
    }
}
