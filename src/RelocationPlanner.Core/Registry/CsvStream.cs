using System.Text;

namespace RelocationPlanner.Core.Registry;

/// <summary>
/// A streaming RFC 4180 reader (quoted fields, doubled quotes, line breaks inside quotes):
/// one record at a time, so a 100 MB upload never sits in memory.
/// </summary>
public sealed class CsvStream(TextReader reader)
{
    readonly char[] buffer = new char[64 * 1024];
    int pos, len;
    readonly StringBuilder field = new();

    /// <summary>Line number (1-based) where the last record returned started.</summary>
    public long Line { get; private set; }
    long nextLine = 1;

    /// <summary>The next record's fields, or null at the end. Blank lines are skipped.</summary>
    public async ValueTask<List<string>?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            Line = nextLine;
            var fields = new List<string>();
            field.Clear();
            var quoted = false; var any = false;
            while (true)
            {
                if (pos == len)
                {
                    len = await reader.ReadAsync(buffer.AsMemory(), ct);
                    pos = 0;
                    if (len == 0)
                    {
                        if (!any && fields.Count == 0) return null;
                        fields.Add(field.ToString());
                        return fields;
                    }
                }
                var c = buffer[pos++];
                any = true;
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (await PeekAsync(ct) == '"') { field.Append('"'); pos++; }
                        else quoted = false;
                    }
                    else
                    {
                        if (c == '\n') nextLine++;
                        field.Append(c);
                    }
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
                else if (c == '\r') { }
                else if (c == '\n')
                {
                    nextLine++;
                    fields.Add(field.ToString());
                    if (fields.Count == 1 && fields[0].Length == 0) break; // blank line
                    return fields;
                }
                else field.Append(c);
            }
        }
    }

    async ValueTask<int> PeekAsync(CancellationToken ct)
    {
        if (pos == len)
        {
            len = await reader.ReadAsync(buffer.AsMemory(), ct);
            pos = 0;
            if (len == 0) return -1;
        }
        return buffer[pos];
    }
}
