using System.Globalization;
using RelocationPlanner.Data.Tables;
using Spectre.Console;
using Spectre.Console.Rendering;
using SpectreColumn = Spectre.Console.TableColumn;

namespace RelocationPlanner.Cli.Reports;

/// <summary>
/// A <see cref="ReportTable"/> for reading in a terminal (Spectre.Console measures CJK names at their
/// display width). Figures are rounded for reading: km to 0.1, money to the fen, counts and both
/// with thousands separators, rates as percentages; CSV and JSON keep full precision. A table too
/// wide for the console is split into several, each repeating the columns that name the row,
/// so no figure is ever wrapped.
/// </summary>
public static class ConsoleTables
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(IAnsiConsole console, IEnumerable<ReportTable> tables)
    {
        foreach (var t in tables) Write(console, t);
    }

    public static void Write(IAnsiConsole console, ReportTable t)
    {
        if (t.Rows.Count == 0)
        {
            console.WriteLine($"{t.Name}: (no rows)");
            return;
        }
        var width = console.Profile.Width;
        var options = RenderOptions.Create(console);
        var cells = t.Rows.Select(r => r.Select((v, i) => TableWriter.Display(v, t.Columns[i].Kind)).ToArray()).ToList();
        int[] keys = [.. Enumerable.Range(0, Math.Min(t.KeyColumns, t.Columns.Count))];
        var blocks = new List<List<int>>();
        var block = new List<int>();
        foreach (var c in Enumerable.Range(keys.Length, t.Columns.Count - keys.Length))
        {
            if (block.Count > 0 && ((IRenderable)Build(t, cells, [.. keys, .. block, c], options)).Measure(options, int.MaxValue).Max > width)
            {
                blocks.Add(block);
                block = [];
            }
            block.Add(c);
        }
        blocks.Add(block);
        for (var i = 0; i < blocks.Count; i++)
        {
            var table = Build(t, cells, [.. keys, .. blocks[i]], options);
            table.Title = new TableTitle(blocks.Count == 1 ? t.Name : $"{t.Name} ({i + 1}/{blocks.Count})");
            console.Write(table);
        }
    }

    /// <summary>
    /// Cells never wrap (a figure cut in two is misread); a header wider than its figures is broken
    /// into lines at its underscores instead, so the table is as narrow as its figures allow.
    /// </summary>
    static Table Build(ReportTable t, List<string[]> cells, IReadOnlyList<int> columns, RenderOptions options)
    {
        var table = new Table { Border = TableBorder.Simple };
        foreach (var c in columns)
        {
            var widest = cells.Max(r => Width(r[c], options));
            var column = new SpectreColumn(new Text(HeaderLines(t.Columns[c].Header, widest, options))) { NoWrap = true, Padding = new Padding(0, 0, 1, 0) };
            if (t.Columns[c].Kind is not (CellKind.Text or CellKind.Date)) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in cells)
            table.AddRow(columns.Select(c => (IRenderable)new Text(row[c])));
        return table;
    }

    static int Width(string text, RenderOptions options) => ((IRenderable)new Text(text)).Measure(options, int.MaxValue).Max;

    /// <summary>The header's words (split at '_') packed into lines no wider than the column's figures (or its longest word).</summary>
    static string HeaderLines(string header, int widest, RenderOptions options)
    {
        var words = header.Split('_');
        var limit = Math.Max(widest, words.Max(w => Width(w, options)));
        var lines = new List<string> { words[0] };
        foreach (var w in words.Skip(1))
        {
            if (Width(lines[^1] + " " + w, options) <= limit) lines[^1] += " " + w;
            else lines.Add(w);
        }
        return string.Join('\n', lines);
    }
}
