using SkiaSharp;

namespace OcopTrade.Functions.Traceability;

/// <summary>The sticker sheet the producer prints on: A4 with 3 × 8 labels of 70 × 37 mm (the common "24 per sheet"
/// stock), no side margins and 0.5 mm top and bottom. Another stock is a configuration change
/// (<c>Ocop:LabelSheet</c>).</summary>
public sealed class LabelSheetOptions
{
    public double PageWidthMm { get; set; } = 210;
    public double PageHeightMm { get; set; } = 297;
    public int Columns { get; set; } = 3;
    public int Rows { get; set; } = 8;
    public double LeftMm { get; set; } = 0;
    public double TopMm { get; set; } = 0.5;
    public double ColumnGapMm { get; set; } = 0;
    public double RowGapMm { get; set; } = 0;
    public int Dpi { get; set; } = 600;

    public int PerSheet => Columns * Rows;
}

public static class LabelSheet
{
    public const int MaxCopies = 240; // ten sheets: a print run, not a denial of service

    /// <summary>The sheet as a PDF (Skia's PDF backend): each sticker is the label rasterised at 600 dpi (at 300 a
    /// sticker resampled again by the printer or viewer occasionally failed to decode in the tests),
    /// so paper and screen show exactly the PNG the tests decode.</summary>
    public static byte[] Pdf(string labelSvg, int copies, LabelSheetOptions sheet)
    {
        const float PointsPerMm = 72f / 25.4f;
        using var image = SKImage.FromEncodedData(LabelRaster.Png(labelSvg, sheet.Dpi));
        using var output = new MemoryStream();
        using (var document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata { Title = "Tem truy xuất nguồn gốc OCOP", RasterDpi = sheet.Dpi }))
        {
            for (var placed = 0; placed < copies; placed += sheet.PerSheet)
            {
                var canvas = document.BeginPage((float)sheet.PageWidthMm * PointsPerMm, (float)sheet.PageHeightMm * PointsPerMm);
                for (var i = 0; i < Math.Min(sheet.PerSheet, copies - placed); i++)
                {
                    var (row, column) = Math.DivRem(i, sheet.Columns);
                    var x = sheet.LeftMm + column * (Label.WidthMm + sheet.ColumnGapMm);
                    var y = sheet.TopMm + row * (Label.HeightMm + sheet.RowGapMm);
                    canvas.DrawImage(image, SKRect.Create((float)x * PointsPerMm, (float)y * PointsPerMm,
                        (float)Label.WidthMm * PointsPerMm, (float)Label.HeightMm * PointsPerMm), new SKSamplingOptions(SKFilterMode.Nearest), null);
                }
                document.EndPage();
            }
            document.Close();
        }
        return output.ToArray();
    }
}
