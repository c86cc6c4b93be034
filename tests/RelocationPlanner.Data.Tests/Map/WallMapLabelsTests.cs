using RelocationPlanner.Data.Map;

namespace RelocationPlanner.Data.Tests.Map;

/// <summary>The wall map's label placement: no two labels overlap, the important ones win, the rest move or give way.</summary>
public class WallMapLabelsTests
{
    static WallMapItem Site(string name, double x, double y, long moved, string kind = "centralized") =>
        new() { Layer = "site", Kind = kind, Label = name, X = x, Y = y, Moved = moved };

    static void NoOverlaps(IReadOnlyList<LabelBox> boxes)
    {
        for (var i = 0; i < boxes.Count; i++)
            for (var j = i + 1; j < boxes.Count; j++)
                Assert.False(boxes[i].Intersects(boxes[j]), $"labels {i} and {j} overlap: {boxes[i]} {boxes[j]}");
    }

    [Fact]
    public void A_cluster_of_sites_gets_labels_that_never_overlap_the_biggest_first()
    {
        // Twelve sites within a few millimetres of each other (one map unit = one mm here), one far away.
        List<WallMapItem> items = [new() { Layer = "unit", Label = "达拉特旗", X = 0, Y = 0, X2 = 200, Y2 = 150 }];
        for (var i = 0; i < 12; i++) items.Add(Site($"安置点{i}", 50 + (i % 4 * 2.5), 50 + (i / 4 * 2.0), 10 + i));
        items.Add(Site("远处安置点", 150, 120, 5));
        items.Add(new WallMapItem { Layer = "child", Kind = "township", Label = "树林召镇", X = 60, Y = 44 });

        var labels = WallMap.SiteLabels(items, "zh", 1.0);

        NoOverlaps([.. labels.Select(l => l.At.Box)]);
        // Not every label of the cluster fits; the largest site's does, and the lone site's, at the right of its symbol.
        Assert.InRange(labels.Count, 3, 12);
        Assert.Contains(labels, l => l.Text == "安置点11 21户/入住21");
        var lone = labels.Single(l => l.Text.StartsWith("远处安置点", StringComparison.Ordinal));
        Assert.Equal("start", lone.At.Anchor);
        Assert.True(lone.At.X > 150);
        // Some labels of the cluster were moved off their first position to fit.
        Assert.Contains(labels, l => l.At.Anchor != "start");
        // No label covers the township's name or a site's symbol (3.6 mm squares).
        var township = WallMapLabels.BoxOf("树林召镇", "middle", 60, 44, 3.6);
        Assert.DoesNotContain(labels, l => l.At.Box.Intersects(township));
        foreach (var s in items.Where(i => i.Layer == "site"))
            Assert.DoesNotContain(labels, l => l.At.Box.Intersects(new LabelBox(s.X!.Value - 1.8, s.Y!.Value - 1.8, 3.6, 3.6)));
    }

    [Fact]
    public void Sites_far_apart_are_all_labelled_right_of_their_symbols_and_separate_ones_without_households_are_not()
    {
        List<WallMapItem> items = [Site("甲", 10, 10, 3), Site("乙", 80, 10, 4), Site("丙", 10, 80, 0), Site("丁", 80, 80, 0, "separate")];
        var labels = WallMap.SiteLabels(items, "en", 1.0);
        Assert.Equal(["甲 3 hh, 3 in", "乙 4 hh, 4 in", "丙"], labels.Select(l => l.Text).ToArray());
        Assert.All(labels, l => Assert.Equal("start", l.At.Anchor));
        // At the frame's right edge a label goes left of its symbol instead; with no room anywhere, it is left out.
        var edge = WallMap.SiteLabels([Site("边", 95, 50, 1)], "zh", 1.0, new LabelBox(0, 0, 100, 100)).Single();
        Assert.Equal("end", edge.At.Anchor);
        Assert.True(new LabelBox(0, 0, 100, 100).Contains(edge.At.Box));
        Assert.Empty(WallMap.SiteLabels([Site("边", 5, 5, 1)], "zh", 1.0, new LabelBox(0, 0, 10, 10)));
    }

    [Fact]
    public void Widths_count_a_cjk_character_as_one_em_and_latin_as_about_half()
    {
        Assert.Equal(4.0, WallMapLabels.Ems("树林召镇"), 6);
        Assert.InRange(WallMapLabels.Ems("12 hh"), 2.0, 3.5);
        var box = WallMapLabels.BoxOf("树林召镇", "end", 100, 50, 2);
        Assert.Equal(92, box.X, 6);
        Assert.Equal(8, box.W, 6);
    }
}
