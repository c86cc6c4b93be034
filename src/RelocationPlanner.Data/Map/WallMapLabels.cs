namespace RelocationPlanner.Data.Map;

/// <summary>An axis-aligned box on the page's map (map units, y down).</summary>
public readonly record struct LabelBox(double X, double Y, double W, double H)
{
    public bool Intersects(LabelBox o) => X < o.X + o.W && o.X < X + W && Y < o.Y + o.H && o.Y < Y + H;

    public bool Contains(LabelBox o) => o.X >= X && o.Y >= Y && o.X + o.W <= X + W && o.Y + o.H <= Y + H;
}

/// <summary>Where a label sits beside its point: the SVG text's anchor, baseline point and box.</summary>
public sealed record PlacedLabel(string Anchor, double X, double Y, LabelBox Box);

/// <summary>A label to place: its text, the point it names, and how much it matters.</summary>
public sealed record LabelRequest(string Text, double X, double Y, long Priority);

/// <summary>
/// Site labels that do not collide, for the printed wall map where a browser's decluttering is not
/// there to help: the labels are taken most important first (centralized sites, then by households),
/// each tried right of its symbol, then left, above and below; a label whose every position would
/// overlap a label already placed, a unit's name or another site's symbol, or leave the map's frame, is left out. Text widths
/// are estimated from the characters (a CJK character is one em wide, Latin letters and digits about
/// half), a little generously, so an estimate never hides a real overlap.
/// </summary>
public static class WallMapLabels
{
    /// <summary>The width of a text in ems, as Noto Sans CJK draws it (upper bounds).</summary>
    public static double Ems(string text)
    {
        double w = 0;
        foreach (var c in text)
            w += c >= 0x2E80 ? 1.0 : char.IsUpper(c) ? 0.68 : char.IsWhiteSpace(c) ? 0.3 : 0.58;
        return w;
    }

    /// <summary>The box of a text whose baseline starts at (x, y), anchored start, middle or end.</summary>
    public static LabelBox BoxOf(string text, string anchor, double x, double y, double em)
    {
        var w = Ems(text) * em;
        var left = anchor switch { "end" => x - w, "middle" => x - (w / 2), _ => x };
        // Ascent about 0.9 em above the baseline, descent 0.25 em below (CJK glyphs fill the em box).
        return new LabelBox(left, y - (0.92 * em), w, 1.2 * em);
    }

    /// <summary>
    /// Places the labels in order of priority. <paramref name="em"/> is the font size and
    /// <paramref name="offset"/> the distance from the point to the text, both in map units;
    /// <paramref name="obstacles"/> are boxes no label may cover; a label must lie inside <paramref name="within"/>
    /// (the map's frame), when given. Answers one entry per request, in
    /// the requests' order: the placement, or null for a label left out.
    /// </summary>
    public static PlacedLabel?[] Place(IReadOnlyList<LabelRequest> requests, double em, double offset, IEnumerable<LabelBox> obstacles, LabelBox? within = null)
    {
        var taken = new List<LabelBox>(obstacles);
        var placed = new PlacedLabel?[requests.Count];
        var order = Enumerable.Range(0, requests.Count)
            .OrderByDescending(i => requests[i].Priority).ThenBy(i => requests[i].Text, StringComparer.Ordinal).ThenBy(i => i);
        foreach (var i in order)
        {
            var r = requests[i];
            foreach (var (anchor, x, y) in Positions(r, em, offset))
            {
                var box = BoxOf(r.Text, anchor, x, y, em);
                if ((within is { } frame && !frame.Contains(box)) || taken.Any(t => t.Intersects(box))) continue;
                taken.Add(box);
                placed[i] = new PlacedLabel(anchor, x, y, box);
                break;
            }
        }
        return placed;
    }

    /// <summary>Right, left, above, below the point (baselines: the text's middle at the point's height for right and left).</summary>
    static IEnumerable<(string Anchor, double X, double Y)> Positions(LabelRequest r, double em, double offset)
    {
        var middle = r.Y + (0.35 * em);
        yield return ("start", r.X + offset, middle);
        yield return ("end", r.X - offset, middle);
        yield return ("middle", r.X, r.Y - offset - (0.3 * em));
        yield return ("middle", r.X, r.Y + offset + (0.95 * em));
    }
}
