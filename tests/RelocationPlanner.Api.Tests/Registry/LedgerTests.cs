using System.Net;
using Npgsql;

namespace RelocationPlanner.Api.Tests.Registry;

/// <summary>Subsidy policy, entitlement, ledger (over-payment under concurrency, reversal) and the Ordos money figures.</summary>
public class LedgerTests(LedgerTests.Fixture f) : IClassFixture<LedgerTests.Fixture>
{
    /// <summary>Ordos 2016 policy (per person: house 20,000 + infrastructure and industry 40,000) and two households.</summary>
    public sealed class Fixture : RegistryFixture
    {
        protected override async Task SeedAsync()
        {
            var p = await PostJson("/api/subsidy-policies", new
            {
                code = "ordos-2016",
                region_code = "1506",
                valid_from = "2016-01-01",
                valid_to = "2017-12-31",
                basis = "per_person",
                components = new object[]
                {
                    new { name = "house", amount = 20000, funding_source = "municipal" },
                    new { name = "infrastructure_industry", amount = "40000.00", funding_source = "municipal" },
                },
            });
            if (p.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException(await p.Content.ReadAsStringAsync());
            var csv = RegistryFixture.CsvHeader + "\n" +
                      "L1,One,1,150621,,,separate_self_built,2016-05-01,,\n" +
                      "L3,Three,3,150621,,,separate_self_built,2016-05-01,2016-11-01,\n" +
                      "L4,Four,4,150622,,,separate_purchased,2016-06-01,,\n" +
                      "L0,Early,2,150622,,,separate_purchased,2015-06-01,,\n" +
                      // the ledger listing's own household (the payment-list test pays L4 in full)
                      "L5,Five,2,150622,,,separate_purchased,2016-06-01,,\n" +
                      // the racing payment lists' households, and one that withdraws
                      "L6,Six,2,150622,,,separate_purchased,2016-06-01,,\n" +
                      "L7,Seven,2,150622,,,separate_purchased,2016-06-01,,\n" +
                      "L8,Eight,1,150622,,,separate_purchased,2016-06-01,,\n" +
                      "L9,Nine,2,150622,,,separate_purchased,2016-06-01,,\n";
            var r = await PostCsv(csv);
            if (r.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException(await r.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Entitlement_is_60000_per_person_split_20000_and_40000()
    {
        var e = await (await f.Http.GetAsync("/api/households/L1/entitlement")).Json();
        Assert.Equal("ordos-2016", e.GetProperty("policy_code").GetString());
        var c = e.GetProperty("components").EnumerateArray().ToDictionary(x => x.GetProperty("component").GetString()!, x => x.GetProperty("entitled").GetRawText());
        Assert.Equal("20000.00", c["house"]);
        Assert.Equal("40000.00", c["infrastructure_industry"]);
        Assert.Equal("60000.00", e.GetProperty("entitled_total").GetRawText());
        // Registered before the policy's period: no entitlement, and a payment is refused naming the component.
        Assert.Equal(0, (await (await f.Http.GetAsync("/api/households/L0/entitlement")).Json()).GetProperty("components").GetArrayLength());
        var refused = await f.PostJson("/api/disbursements", new { household_code = "L0", component = "house", amount = 1, paid_on = "2016-07-01" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("component", (await refused.Json()).GetProperty("field").GetString());
        // Overlapping policy for the same region is refused.
        var overlap = await f.PostJson("/api/subsidy-policies", new { code = "ordos-x", region_code = "1506", valid_from = "2017-06-01", basis = "per_household", components = new[] { new { name = "house", amount = 1, funding_source = "x" } } });
        Assert.Equal(HttpStatusCode.Conflict, overlap.StatusCode);
        Assert.Equal("no_overlap", (await overlap.Json()).GetProperty("errors")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_payment_list_is_stored_whole_or_refused_naming_each_bad_line()
    {
        async Task<HttpResponseMessage> Import(string body) => await f.Http.PostAsync("/api/disbursements/import",
            new StringContent("household_code,component,amount,paid_on\n" + body, System.Text.Encoding.UTF8, "text/csv"));
        var before = await f.CountAsync("disbursements");
        // L4 (4 people) may have 80,000 for the house: the file's two lines come to 80,000.01.
        var refused = await Import("L4,house,40000.00,2016-08-01\nNOPE,house,1.00,2016-08-01\nL4,roof,1.00,2016-08-01\n" +
                                   "L4,house,40000.01,2016-08-02\nL4,infrastructure_industry,-5.00,2016-08-02\nL4,house,1.00,2999-01-01\n");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Json()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("field").GetString(), e.GetProperty("rule").GetString())).ToList();
        Assert.Equal([(6, "amount", "positive"), (7, "paid_on", "not_in_future")], errors);
        var checks = (await (await Import("L4,house,40000.00,2016-08-01\nNOPE,house,1.00,2016-08-01\nL4,roof,1.00,2016-08-01\nL4,house,40000.01,2016-08-02\n")).Json())
            .GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("rule").GetString())).ToList();
        Assert.Equal([(3, "reference"), (4, "entitled_component"), (5, "within_entitlement")], checks);
        Assert.Equal(before, await f.CountAsync("disbursements"));

        // Dated after the other tests' "nothing paid by 2016-11-30".
        var ok = await Import("L4,house,40000.00,2016-12-10\nL4,house,40000.00,2016-12-11\nL4,infrastructure_industry,1234.56,2016-12-12\n");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Json();
        Assert.Equal(3, body.GetProperty("imported").GetInt64());
        Assert.Equal("81234.56", body.GetProperty("amount").GetRawText());
        var e = await (await f.Http.GetAsync("/api/households/L4/entitlement")).Json();
        Assert.Equal("81234.56", e.GetProperty("disbursed_total").GetRawText());
    }

    Task<HttpResponseMessage> ImportPayments(string lines) => f.Http.PostAsync("/api/disbursements/import",
        new StringContent("household_code,component,amount,paid_on\n" + lines, System.Text.Encoding.UTF8, "text/csv"));

    static async Task<List<(long Row, string? Field, string? Rule)>> RowErrors(HttpResponseMessage r) =>
        (await r.Json()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("field").GetString(), e.GetProperty("rule").GetString())).ToList();

    [Fact]
    public async Task Payment_lists_racing_each_other_and_single_payments_never_exceed_an_entitlement()
    {
        // L6 and L7 (2 people) may have 40,000 each for the house. Eight lists pay L6 25,000 (with a
        // line for L7 first, so each list holds two households): exactly one list is stored, whole.
        var lists = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => ImportPayments($"L7,infrastructure_industry,1.00,2016-12-2{i % 8}\nL6,house,25000.00,2016-12-20\n")));
        Assert.Single(lists, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var r in lists.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal([(3, "amount", "within_entitlement")], await RowErrors(r));
        }
        Assert.Equal(25000.00m, await f.ScalarAsync("SELECT sum(amount) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code = 'L6'"));
        // A refused list stores none of its lines, not even the good one for L7.
        Assert.Equal(1.00m, await f.ScalarAsync("SELECT sum(amount) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code = 'L7'"));

        // Lists and single payments for L7's house at once: one of the eight passes.
        var mixed = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? ImportPayments("L7,house,30000.00,2016-12-21\n")
            : f.PostJson("/api/disbursements", new { household_code = "L7", component = "house", amount = 30000, paid_on = "2016-12-21" })));
        Assert.Single(mixed, r => r.IsSuccessStatusCode);
        Assert.All(mixed.Where(r => !r.IsSuccessStatusCode), r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
        Assert.Equal(30000.00m, await f.ScalarAsync("SELECT sum(amount) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code = 'L7' AND d.component_id = (SELECT component_id FROM rp_entitlement(h.id) WHERE component = 'house')"));
    }

    [Fact]
    public async Task The_ledger_itself_refuses_a_statement_that_over_pays_or_pays_a_withdrawn_household()
    {
        // Written past the service's own checks: the ledger's trigger is the authority for a whole statement.
        async Task<PostgresException?> Insert(string code, string amounts)
        {
            await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"""
                INSERT INTO disbursements (household_id, component_id, amount, paid_on)
                SELECT h.id, e.component_id, a.amount, '2016-12-22' FROM households h CROSS JOIN LATERAL rp_entitlement(h.id) e
                CROSS JOIN unnest('{amounts}'::numeric[]) a (amount)
                WHERE h.code = '{code}' AND e.component = 'house'
                """, conn);
            try { await cmd.ExecuteNonQueryAsync(); return null; }
            catch (PostgresException e) { return e; }
        }
        // L9 may have 40,000 for the house: two entries of 30,000 in one statement are refused, one is stored.
        var over = await Insert("L9", "{30000,30000}");
        Assert.Equal((PostgresErrorCodes.CheckViolation, "disbursements_within_entitlement", "amount"), (over?.SqlState, over?.ConstraintName, over?.ColumnName));
        Assert.Equal(0L, await f.ScalarAsync("SELECT count(*) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code = 'L9'"));
        Assert.Null(await Insert("L9", "{30000,10000}"));
        Assert.Equal(40000.00m, await f.ScalarAsync("SELECT sum(amount) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code = 'L9'"));
        Assert.Equal("system", await f.ScalarAsync("SELECT min(recorded_by) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code = 'L9'"));

        // L8 withdraws: no further payment, by statement or by list (the line and field named, nothing stored).
        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/households/L8/milestones", new { milestone = "withdrawn", date = "2016-12-01" })).StatusCode);
        var withdrawn = await Insert("L8", "{1}");
        Assert.Equal(("disbursements_household_active", "household_code"), (withdrawn?.ConstraintName, withdrawn?.ColumnName));
        var list = await ImportPayments("L9,infrastructure_industry,1.00,2016-12-22\nL8,house,1.00,2016-12-22\n");
        Assert.Equal(HttpStatusCode.BadRequest, list.StatusCode);
        Assert.Equal([(3, "household_code", "household_active")], await RowErrors(list));
        Assert.Equal(0L, await f.ScalarAsync("SELECT count(*) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code IN ('L8') OR (h.code = 'L9' AND d.amount = 1)"));
    }

    [Fact]
    public async Task Over_payment_is_refused_under_concurrency()
    {
        // L3 (3 people) is entitled to 60,000 for the house: 20 parallel payments of 30,000, exactly 2 pass.
        var tasks = Enumerable.Range(0, 20).Select(_ => f.PostJson("/api/disbursements", new { household_code = "L3", component = "house", amount = 30000, paid_on = "2016-12-01" }));
        var results = await Task.WhenAll(tasks);
        Assert.Equal(2, results.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var r in results.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
            var p = await r.Json();
            Assert.Equal("amount", p.GetProperty("field").GetString());
            Assert.Equal("within_entitlement", p.GetProperty("errors")[0].GetProperty("rule").GetString());
        }
        Assert.Equal(2L, await f.ScalarAsync("SELECT count(*) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code = 'L3'"));
        Assert.Equal(60000.00m, await f.ScalarAsync("SELECT sum(amount) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code = 'L3'"));

        // Reversal: a negative entry naming the original frees the money again; never more than the original.
        var first = (long)(await f.ScalarAsync("SELECT min(d.id) FROM disbursements d JOIN households h ON h.id = d.household_id WHERE h.code = 'L3'"))!;
        var rev = await f.PostJson("/api/disbursements", new { reverses = first, amount = "-30000.00", paid_on = "2016-12-05" });
        Assert.Equal(HttpStatusCode.Created, rev.StatusCode);
        var twice = await f.PostJson("/api/disbursements", new { reverses = first, amount = -0.01, paid_on = "2016-12-05" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal("reversal_within_original", (await twice.Json()).GetProperty("errors")[0].GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/disbursements", new { household_code = "L3", component = "house", amount = "29999.99", paid_on = "2016-12-06" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/disbursements", new { household_code = "L3", component = "house", amount = "0.01", paid_on = "2016-12-06" })).StatusCode);
        var over = await f.PostJson("/api/disbursements", new { household_code = "L3", component = "house", amount = "0.01", paid_on = "2016-12-06" });
        Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);
        var tooFine = await f.PostJson("/api/disbursements", new { household_code = "L3", component = "house", amount = 0.001, paid_on = "2016-12-06" });
        Assert.Equal("decimal", (await tooFine.Json()).GetProperty("errors")[0].GetProperty("rule").GetString());
        var e = await (await f.Http.GetAsync("/api/households/L3/entitlement")).Json();
        Assert.Equal("60000.00", e.GetProperty("components")[0].GetProperty("disbursed").GetRawText());
        Assert.Equal("120000.00", e.GetProperty("outstanding_total").GetRawText());

        // The subsidies report to the yuan, by component and by source, as of before and after the payments.
        var rep = await (await f.Http.GetAsync("/api/reports/subsidies?level=county&as_of=2016-12-31")).Json();
        var dalad = rep.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit_code").GetString() == "150621");
        Assert.Equal(4, dalad.GetProperty("people").GetInt32());
        Assert.Equal("240000.00", dalad.GetProperty("entitled_total").GetRawText());
        Assert.Equal("60000.00", dalad.GetProperty("disbursed_total").GetRawText());
        Assert.Equal("180000.00", dalad.GetProperty("outstanding_total").GetRawText());
        Assert.Equal("80000.00", dalad.GetProperty("by_component").GetProperty("house").GetProperty("entitled").GetRawText());
        Assert.Equal("240000.00", dalad.GetProperty("by_source").GetProperty("municipal").GetProperty("entitled").GetRawText());
        var early = await (await f.Http.GetAsync("/api/reports/subsidies?level=city&as_of=2016-11-30")).Json();
        Assert.Equal("0.00", early.GetProperty("rows")[0].GetProperty("disbursed_total").GetRawText());
        var csv = await f.Http.GetStringAsync("/api/reports/subsidies?level=county&as_of=2016-12-31&format=csv");
        Assert.Contains("component.house.entitled", csv);
        Assert.Contains("150621,达拉特旗,2,4,240000.00,60000.00,180000.00", csv);
    }

    [Fact]
    public async Task The_ledger_lists_a_households_payments_and_reversals_with_their_ids()
    {
        var paid = await (await f.PostJson("/api/disbursements", new { household_code = "L5", component = "house", amount = "12000.50", paid_on = "2016-08-01" })).Json();
        var id = paid.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/disbursements", new { reverses = id, amount = "-2000.50", paid_on = "2016-08-03" })).StatusCode);

        var ledger = await (await f.Http.GetAsync("/api/households/L5/disbursements")).Json();
        var entries = ledger.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(id, entries[0].GetProperty("id").GetInt64());
        Assert.Equal("12000.50", entries[0].GetProperty("amount").GetRawText());
        Assert.Equal("house", entries[0].GetProperty("component").GetString());
        Assert.Equal("2016-08-01", entries[0].GetProperty("paid_on").GetString());
        Assert.Equal(id, entries[1].GetProperty("reverses").GetInt64());
        Assert.Equal("-2000.50", entries[1].GetProperty("amount").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync("/api/households/NOPE/disbursements")).StatusCode);
    }

    [Fact]
    public async Task Ordos_funding_reconciles_to_416_58_million_municipal_and_596_58_million_in_total()
    {
        // domain-facts: 3,920 households, 9,943 people; region task 3,000 people, municipal 6,943 people raised RMB 416.58 million.
        var r = await f.PostJson("/api/reports/funding-reconciliation", new
        {
            programme = "Ordos 2016",
            policy_code = "ordos-2016",
            households = 3920,
            people = 9943,
            sources = new object[] { new { funding_source = "region", people = 3000 }, new { funding_source = "municipal", people = 6943, raised = "416580000" } },
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var j = await r.Json();
        Assert.Equal("60000.00", j.GetProperty("rate").GetRawText());
        Assert.Equal("596580000.00", j.GetProperty("required_total").GetRawText());
        var municipal = j.GetProperty("by_source").EnumerateArray().Single(s => s.GetProperty("funding_source").GetString() == "municipal");
        Assert.Equal("416580000.00", municipal.GetProperty("required").GetRawText());
        Assert.True(municipal.GetProperty("balanced").GetBoolean());
        Assert.Equal(180000000.00m, j.GetProperty("by_source").EnumerateArray().Single(s => s.GetProperty("funding_source").GetString() == "region").GetProperty("required").GetDecimal());
        var house = j.GetProperty("by_component").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "house");
        Assert.Equal("198860000.00", house.GetProperty("required").GetRawText());
        Assert.Equal(0, j.GetProperty("warnings").GetArrayLength());

        // A year-book whose parts do not sum, with people below households: flagged by rule, not silently accepted.
        var bad = await (await f.PostJson("/api/reports/funding-reconciliation", new
        {
            programme = "typo",
            components = new[] { new { name = "house", amount = 20000 }, new { name = "infrastructure_industry", amount = 40000 } },
            households = 9943,
            people = 3920,
            sources = new object[] { new { funding_source = "municipal", people = 6943, raised = 416000000 } },
        })).Json();
        var rules = bad.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("rule").GetString()).ToList();
        Assert.Equal(["parts_sum_to_total", "people_ge_households", "raised_matches_required"], rules);
    }
}
