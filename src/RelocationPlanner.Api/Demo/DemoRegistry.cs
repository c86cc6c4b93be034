using System.Text;
using Npgsql;
using RelocationPlanner.Core.DemoData;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Data.Features;
using RelocationPlanner.Data.Programme;
using RelocationPlanner.Data.Registry;

namespace RelocationPlanner.Api.Demo;

/// <summary>
/// The Ordos 2016 registry of the demo (<see cref="OrdosRegistryDemo"/>), stored in the demo
/// loader's transaction through the same paths as real data: the sites through the feature
/// checks, the policy, the household and employment CSV imports, the site projects and the ledger.
/// </summary>
static class DemoRegistry
{
    public static async Task LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string folder, ILogger log, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string Read(string name) => File.ReadAllText(Path.Combine(folder, name + ".geojson"));
        if (!File.Exists(Path.Combine(folder, "settlements.geojson"))) return;
        var demo = new OrdosRegistryDemo(GeoJsonIO.ReadCollection(Read("admin_units")), GeoJsonIO.ReadCollection(Read("settlements")));

        var steps = $"generated {clock.ElapsedMilliseconds} ms";
        await using (var sites = new MemoryStream(Encoding.UTF8.GetBytes(GeoJsonIO.ToJson(demo.Sites))))
        {
            var (features, errors) = await DemoData.ReadAsync(sites, Collections.Sites, ct);
            if (errors.Count > 0) throw Refused("sites", errors[0]);
            var stored = await FeatureStore.InsertAsync(conn, tx, Collections.Sites, features, ct);
            if (!stored.Ok) throw Refused("sites", stored.Errors[0]);
        }
        steps += $", sites {clock.ElapsedMilliseconds} ms";
        Check(await SubsidyStore.CreatePolicyAsync(conn, tx, demo.Policy, ct), "policy");
        var households = await HouseholdImport.ImportAsync(conn, tx, new StringReader(demo.HouseholdCsv), ct);
        if (households.ErrorCount > 0) throw Refused("households", households.Errors[0]);
        steps += $", households {clock.ElapsedMilliseconds} ms";
        var employment = await EmploymentStore.ImportAsync(conn, tx, new StringReader(demo.EmploymentCsv), ct);
        if (employment.ErrorCount > 0) throw Refused("employment", employment.Errors[0]);
        steps += $", employment {clock.ElapsedMilliseconds} ms";
        foreach (var p in demo.Projects)
        {
            Check(await SiteProjectStore.PutPlanAsync(conn, tx, p.SiteCode, p.Plan, null, ct), p.SiteCode);
            foreach (var (milestone, date) in p.Milestones) Check(await SiteProjectStore.AddMilestoneAsync(conn, tx, p.SiteCode, milestone, date, ct), p.SiteCode);
            foreach (var x in p.Expenditures) Check(await SiteProjectStore.AddExpenditureAsync(conn, tx, p.SiteCode, x, ct), p.SiteCode);
        }
        steps += $", site projects {clock.ElapsedMilliseconds} ms";
        var payments = await DisbursementImport.ImportAsync(conn, tx, new StringReader(demo.PaymentsCsv), ct);
        if (payments.ErrorCount > 0) throw Refused("payments", payments.Errors[0]);
        steps += $", payments {clock.ElapsedMilliseconds} ms";
        log.LogInformation("Demo registry: {Households} households ({People} people), {Sites} sites, {Payments} payments, {Employment} employment spells ({Steps})",
            households.Imported, households.People, demo.Sites.Count, payments.Imported, employment.Imported, steps);
    }

    static void Check<T>(RegistryResult<T> r, string what)
    {
        if (!r.Ok) throw Refused(what, r.Errors[0]);
    }

    static InvalidOperationException Refused(string what, FieldError e) => new($"Demo {what} refused: {e.Field}: {e.Message}");

    static InvalidOperationException Refused(string what, RowError e) => new($"Demo {what} refused: row {e.Row} {e.Field}: {e.Message}");
}
