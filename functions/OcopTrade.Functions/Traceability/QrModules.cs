using System.Globalization;
using System.Text;
using QRCoder;

namespace OcopTrade.Functions.Traceability;

/// <summary>One horizontal run of dark modules: drawn as one rectangle, a code takes about a third of the shapes
/// it would take module by module.</summary>
public readonly record struct QrRun(int Row, int Column, int Length);

/// <summary>The QR code every label, sheet and catalogue of the app draws: QRCoder at error correction Q (readable
/// with a quarter of it scuffed), its 4-module quiet zone included in <see cref="Size"/>, as runs of dark modules
/// any vector backend (SVG, Skia's PDF) draws crisp.</summary>
public sealed class QrModules
{
    private QrModules(int size, IReadOnlyList<QrRun> darkRuns) => (Size, DarkRuns) = (size, darkRuns);

    /// <summary>Modules on a side, quiet zone included.</summary>
    public int Size { get; }

    public IReadOnlyList<QrRun> DarkRuns { get; }

    public static QrModules Of(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        var matrix = data.ModuleMatrix;
        var runs = new List<QrRun>();
        for (var row = 0; row < matrix.Count; row++)
            for (var column = 0; column < matrix.Count;)
            {
                var start = column;
                while (column < matrix.Count && matrix[row][column]) column++;
                if (column > start) runs.Add(new QrRun(row, start, column - start));
                else column++;
            }
        return new QrModules(matrix.Count, runs);
    }

    /// <summary>How <see cref="SvgPathData"/> is drawn: a stroke one module wide, square ends, no anti-aliasing.
    /// </summary>
    public const string SvgStroke = "fill=\"none\" stroke=\"#000\" stroke-width=\"1\" shape-rendering=\"crispEdges\"";

    /// <summary>The runs as SVG path data in module units: a line along the middle of each run ("M4 4.5h7m2 0h1"),
    /// about a third of the bytes of a rectangle per run, which counts when a catalogue page carries hundreds.
    /// </summary>
    public string SvgPathData()
    {
        var path = new StringBuilder(DarkRuns.Count * 8);
        var (row, end) = (-1, 0);
        foreach (var run in DarkRuns)
        {
            if (run.Row != row) path.Append(CultureInfo.InvariantCulture, $"M{run.Column} {run.Row}.5h{run.Length}");
            else path.Append(CultureInfo.InvariantCulture, $"m{run.Column - end} 0h{run.Length}");
            (row, end) = (run.Row, run.Column + run.Length);
        }
        return path.ToString();
    }
}
