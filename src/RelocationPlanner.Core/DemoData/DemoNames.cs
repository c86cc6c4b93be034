namespace RelocationPlanner.Core.DemoData;

/// <summary>
/// Makes Chinese-looking place names from syllables common in Ordos toponyms (Mongolian
/// transliterations). Invented combinations: any match with a real place is chance.
/// </summary>
public sealed class DemoNames(DemoRandom rng)
{
    private static readonly string[] Heads =
    [
        "巴音", "乌兰", "察汗", "呼和", "阿拉", "宝日", "哈日", "额尔", "纳林", "塔拉",
        "布日", "伊克", "巴嘎", "沙日", "敖伦", "吉日", "海流", "赛音", "图古", "查干",
        "苏布", "准格", "达尔", "浩勒", "希拉", "新街", "红庆", "白泥", "柳沟", "马场",
    ];

    private static readonly string[] Tails =
    [
        "淖尔", "布拉格", "陶勒盖", "希里", "敖包", "乌素", "格尔", "高勒", "套海", "柴达木",
        "木伦", "温都尔", "哈达", "图", "昭", "召", "井", "梁", "湾", "塔",
    ];

    private readonly HashSet<string> _used = [];

    /// <summary>A base name not handed out before (a number is appended once pools run dry).</summary>
    public string Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var name = rng.Pick(Heads) + rng.Pick(Tails);
            if (_used.Add(name))
            {
                return name;
            }
        }

        var fallback = rng.Pick(Heads) + rng.Pick(Tails) + _used.Count;
        _used.Add(fallback);
        return fallback;
    }
}
