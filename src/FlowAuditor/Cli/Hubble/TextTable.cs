using System.Text;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// Left-aligned columns as Go's <c>text/tabwriter</c> lays them out with hubble's settings (minimum width 2,
/// padding 3, spaces): each column as wide as its widest cell plus the padding; the last cell of a row is not a
/// column and is written as is. Rows are buffered until <see cref="WriteTo"/>, since a width depends on all rows.
/// </summary>
internal sealed class TextTable
{
    private const int MinWidth = 2;
    private const int Padding = 3;
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var columns = _rows.Count == 0 ? 0 : _rows.Max(r => r.Length) - 1;
        var widths = new int[Math.Max(columns, 0)];
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                widths[i] = Math.Max(widths[i], Math.Max(MinWidth, Width(row[i]) + Padding));
            }
        }

        var line = new StringBuilder();
        foreach (var row in _rows)
        {
            line.Clear();
            for (var i = 0; i < row.Length - 1; i++)
            {
                line.Append(row[i]).Append(' ', widths[i] - Width(row[i]));
            }

            writer.WriteLine(line.Append(row[^1]).ToString());
        }

        _rows.Clear();
    }

    // tabwriter counts UTF-8 runes, not bytes or UTF-16 units.
    private static int Width(string text) => text.EnumerateRunes().Count();
}
