namespace RelocationPlanner.Core.DemoData;

/// <summary>
/// A banner (county-level unit) of Ordos with its seat town. Seat lon/lat are approximate public
/// gazetteer figures (2 decimals); SeatPopulation is illustrative for the demo, not an official count.
/// </summary>
public sealed record BannerInfo(
    string Code, string NameZh, string NameEn, string SeatZh, string SeatEn,
    double SeatLon, double SeatLat, int SeatPopulation);

/// <summary>Facts about Ordos used by the demo data: real codes, names and seat locations.</summary>
public static class OrdosCatalogue
{
    public const string ProvinceCode = "15";
    public const string ProvinceName = "内蒙古自治区";
    public const string ProvinceNameEn = "Inner Mongolia Autonomous Region";
    public const string CityCode = "1506";
    public const string CityName = "鄂尔多斯市";
    public const string CityNameEn = "Ordos";

    /// <summary>The municipal government sits in Kangbashi; its seat is marked town_level "city".</summary>
    public const string CitySeatBannerCode = "150603";

    public static IReadOnlyList<BannerInfo> Banners { get; } =
    [
        new("150602", "东胜区", "Dongsheng District", "东胜城区", "Dongsheng", 109.99, 39.82, 400_000),
        new("150603", "康巴什区", "Kangbashi District", "康巴什城区", "Kangbashi", 109.79, 39.61, 110_000),
        new("150621", "达拉特旗", "Dalad Banner", "树林召镇", "Shulinzhao", 110.04, 40.40, 90_000),
        new("150622", "准格尔旗", "Jungar Banner", "薛家湾镇", "Xuejiawan", 111.24, 39.86, 120_000),
        new("150623", "鄂托克前旗", "Otog Front Banner", "敖勒召其镇", "Aoleizhaoqi", 107.48, 38.18, 25_000),
        new("150624", "鄂托克旗", "Otog Banner", "乌兰镇", "Ulan", 107.98, 39.10, 40_000),
        new("150625", "杭锦旗", "Hanggin Banner", "锡尼镇", "Xin", 108.73, 39.83, 30_000),
        new("150626", "乌审旗", "Uxin Banner", "嘎鲁图镇", "Galutu", 108.84, 38.60, 35_000),
        new("150627", "伊金霍洛旗", "Ejin Horo Banner", "阿勒腾席热镇", "Altan Xire", 109.74, 39.57, 100_000),
    ];

    /// <summary>The catalogue entry for a code, or null.</summary>
    public static BannerInfo? Find(string code) => Banners.FirstOrDefault(b => b.Code == code);

    /// <summary>The catalogue entry matching a Chinese banner name, or null.</summary>
    public static BannerInfo? FindByName(string nameZh) => Banners.FirstOrDefault(b => b.NameZh == nameZh);
}
