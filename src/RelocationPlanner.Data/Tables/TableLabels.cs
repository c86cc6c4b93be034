namespace RelocationPlanner.Data.Tables;

/// <summary>
/// The one catalogue of what people read in the hand-over outputs (XLSX, PDF): report titles,
/// column labels, levels and the words around a table, in Chinese (the default: the users read
/// Chinese first) and English. A column's machine name stays the key; a name the catalogue does not
/// know (a policy's own component or funding source) is shown as it is.
/// </summary>
public static class TableLabels
{
    public const string Chinese = "zh", English = "en";

    /// <summary>The <c>lang</c> query value: en, else Chinese.</summary>
    public static string Language(string? lang) => lang?.Trim().ToLowerInvariant() is "en" or "en-gb" or "en-us" ? English : Chinese;

    static readonly Dictionary<string, (string Zh, string En)> Words = new(StringComparer.Ordinal)
    {
        // Around the table.
        ["unit"] = ("单位", "Unit"),
        ["all_units"] = ("全部", "All units"),
        ["level"] = ("层级", "Level"),
        ["as_of"] = ("截至日期", "As of"),
        ["made"] = ("制表时间", "Made"),
        ["total"] = ("合计", "Total"),
        ["page"] = ("页", "Page"),
        ["period"] = ("期间", "Period"),
        ["year"] = ("年度", "Year"),
        ["province"] = ("省级", "province"),
        ["city"] = ("市级", "city"),
        ["county"] = ("旗县级", "county"),
        ["township"] = ("苏木乡镇级", "township"),
        ["village"] = ("嘎查村级", "village"),
        ["site"] = ("安置点", "site"),
        // Report titles.
        ["settled-rates"] = ("搬迁安置入住率", "Settled rates"),
        ["settled-rate-series"] = ("入住率月度变化", "Settled rates by month"),
        ["subsidies"] = ("补助资金拨付情况", "Subsidies entitled and disbursed"),
        ["infrastructure"] = ("基础设施建设情况", "Infrastructure by status"),
        ["infrastructure-progress"] = ("基础设施建设进度", "Infrastructure progress"),
        ["infrastructure-monthly"] = ("基础设施月度完成情况", "Infrastructure completed by month"),
        ["compliance"] = ("政策合规情况", "Compliance with the plan"),
        ["site-progress"] = ("安置点建设进度", "Site construction progress"),
        ["reconciliation"] = ("统计数据核对", "Reported figures reconciled"),
        // Columns.
        ["unit_code"] = ("行政区划代码", "Unit code"),
        ["unit_name"] = ("单位名称", "Unit"),
        ["households"] = ("户数", "Households"),
        ["people"] = ("人数", "People"),
        ["keys_claimed"] = ("已领钥匙户数", "Keys claimed"),
        ["moved_in"] = ("已入住户数", "Moved in"),
        ["deemed_settled"] = ("视同安置户数", "Deemed settled"),
        ["moved_in_rate"] = ("入住率", "Moved-in rate"),
        ["deemed_settled_rate"] = ("安置率（含领钥匙）", "Deemed-settled rate"),
        ["month"] = ("月份", "Month"),
        ["entitled_total"] = ("应补合计（元）", "Entitled (yuan)"),
        ["disbursed_total"] = ("已拨付合计（元）", "Disbursed (yuan)"),
        ["outstanding_total"] = ("未拨付合计（元）", "Outstanding (yuan)"),
        ["entitled"] = ("应补（元）", "Entitled (yuan)"),
        ["disbursed"] = ("已拨付（元）", "Disbursed (yuan)"),
        ["outstanding"] = ("未拨付（元）", "Outstanding (yuan)"),
        ["component"] = ("补助项目", "Component"),
        ["source"] = ("资金来源", "Funding source"),
        ["status"] = ("状态", "Status"),
        ["road_km"] = ("道路（公里）", "Roads (km)"),
        ["power_line_km"] = ("电力线路（公里）", "Power lines (km)"),
        ["wells"] = ("水井（眼）", "Wells"),
        ["road_planned_km"] = ("道路规划（公里）", "Roads planned (km)"),
        ["road_under_construction_km"] = ("道路在建（公里）", "Roads under construction (km)"),
        ["road_completed_km"] = ("道路完工（公里）", "Roads completed (km)"),
        ["road_completed_pct"] = ("道路完工率", "Roads completed"),
        ["power_line_planned_km"] = ("线路规划（公里）", "Lines planned (km)"),
        ["power_line_under_construction_km"] = ("线路在建（公里）", "Lines under construction (km)"),
        ["power_line_completed_km"] = ("线路完工（公里）", "Lines completed (km)"),
        ["power_line_completed_pct"] = ("线路完工率", "Lines completed"),
        ["wells_planned"] = ("水井规划", "Wells planned"),
        ["wells_under_construction"] = ("水井在建", "Wells under construction"),
        ["wells_completed"] = ("水井完工", "Wells completed"),
        ["wells_completed_pct"] = ("水井完工率", "Wells completed"),
        ["road_km_cumulative"] = ("道路累计（公里）", "Roads to date (km)"),
        ["power_line_km_cumulative"] = ("线路累计（公里）", "Lines to date (km)"),
        ["wells_cumulative"] = ("水井累计", "Wells to date"),
        ["covered"] = ("政策覆盖户数", "Covered"),
        ["area_over_limit"] = ("面积超标户数", "Area over limit"),
        ["self_paid_over_limit"] = ("自筹超标户数", "Self-paid over limit"),
        ["demolition_due"] = ("应拆旧户数", "Demolition due"),
        ["demolished"] = ("已拆旧户数", "Demolished"),
        ["demolition_overdue"] = ("拆旧逾期户数", "Demolition overdue"),
        ["exempt"] = ("免拆户数", "Exempt"),
        ["labour_households"] = ("有劳动力户数", "Labour households"),
        ["employed_households"] = ("已就业户数", "Employed households"),
        ["employment_rate"] = ("就业率", "Employment rate"),
        ["demolition_rate"] = ("拆旧率", "Demolition rate"),
        ["area_m2_per_person"] = ("人均面积（平方米）", "Area per person (m²)"),
        ["sites"] = ("安置点数", "Sites"),
        ["approved"] = ("已批复", "Approved"),
        ["handed_over"] = ("已交付", "Handed over"),
        ["houses_planned"] = ("计划建房（套）", "Houses planned"),
        ["floor_area_m2_planned"] = ("计划建筑面积（平方米）", "Floor area planned (m²)"),
        ["budget_total"] = ("预算（元）", "Budget (yuan)"),
        ["spent_total"] = ("已支出（元）", "Spent (yuan)"),
        ["spent_rate"] = ("支出率", "Spent"),
        ["over_budget_sites"] = ("超预算安置点", "Sites over budget"),
        ["capacity_households"] = ("可安置户数", "Capacity (households)"),
        ["households_assigned"] = ("已分配户数", "Households assigned"),
        ["indicator"] = ("指标", "Indicator"),
        ["reported_count"] = ("报送条数", "Reports"),
        ["reported"] = ("报送数", "Reported"),
        ["registry"] = ("台账数", "Registry"),
        ["difference"] = ("差额", "Difference"),
        ["relative_difference"] = ("相对差额", "Relative difference"),
        ["flagged"] = ("需核实", "Flagged"),
        ["note"] = ("备注", "Note"),
        // Subsidy components and funding sources of the policies in use.
        ["house"] = ("住房补助", "House"),
        ["infrastructure_industry"] = ("基础设施和产业补助", "Infrastructure and industry"),
        ["central"] = ("中央资金", "Central"),
        ["regional"] = ("自治区资金", "Regional"),
        ["municipal"] = ("市级财政", "Municipal"),
        ["county_fund"] = ("旗县资金", "County"),
        ["counterpart"] = ("对口帮扶资金", "Counterpart"),
        ["local"] = ("地方资金", "Local"),
        // Wall map.
        ["wall_title"] = ("易地扶贫搬迁作战图", "Relocation wall map"),
        ["legend"] = ("图例", "Legend"),
        ["north"] = ("北", "N"),
        ["centralized_site"] = ("集中安置点", "Centralized site"),
        ["separate_site"] = ("分散安置点", "Separate settlement"),
        ["road"] = ("道路", "Road"),
        ["power_line"] = ("电力线路", "Power line"),
        ["well"] = ("水井", "Well"),
        ["boundary"] = ("行政界线", "Boundary"),
        ["registered"] = ("已登记", "Registered"),
        ["keys"] = ("已领钥匙", "Keys claimed"),
        ["moved"] = ("已入住", "Moved in"),
        ["planned"] = ("规划", "planned"),
        ["under_construction"] = ("在建", "under construction"),
        ["completed"] = ("已建成", "completed"),
        ["households_by_status"] = ("搬迁户进度", "Households by status"),
    };

    /// <summary>Every word of the catalogue (the service publishes them for the screens' report tables).</summary>
    public static IEnumerable<KeyValuePair<string, (string Zh, string En)>> Catalogue => Words;

    /// <summary>A word or machine name in the language; unknown names as they are.</summary>
    public static string Word(string key, string lang) =>
        Words.TryGetValue(key, out var w) ? (lang == English ? w.En : w.Zh) : key;

    /// <summary>
    /// A column's label: its catalogue entry, or for a subsidy breakdown column
    /// (<c>component.house.entitled</c>, <c>source.municipal.disbursed</c>) its name and part.
    /// </summary>
    public static string Column(string header, string lang)
    {
        if (Words.ContainsKey(header)) return Word(header, lang);
        var parts = header.Split('.');
        if (parts.Length == 3 && parts[0] is "component" or "source")
            return lang == English ? $"{Word(parts[1], lang)}: {Word(parts[2], lang)}" : $"{Word(parts[1], lang)}{Word(parts[2], lang)}";
        return header;
    }
}
