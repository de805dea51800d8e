using System.Globalization;
using System.Text;

namespace OcopTrade.Tests.Revenue;

/// <summary>
/// A generated province for verification at scale and the benchmark: every subject × channel × month has a row, over
/// the 12 channels — the nine without a marketplace and e-commerce on three marketplaces (voso, shopee, tiki;
/// the roll-ups keep channels, not marketplaces, so a month's three e-commerce rows add into one cell, which the
/// independent check must reproduce) — deterministic from a seed. Modern channels are zero for some subjects in some
/// years so participation is not trivially 100 %; a third of the subjects hold no certificate in a given year. Rows
/// come producer by producer, month by month, as a department's export would.
/// </summary>
public sealed class GeneratedProvince(int subjects, int firstYear, int years, int monthsPerYear = 12, int seed = 6)
{
    public static readonly (string Channel, string Marketplace)[] Channels =
    [
        ("supermarket", ""), ("convenienceStore", ""), ("ecommerce", "voso"), ("ecommerce", "shopee"), ("ecommerce", "tiki"),
        ("ocopPoint", ""), ("fair", ""), ("traditionalMarket", ""), ("agent", ""), ("direct", ""), ("tourism", ""), ("export", ""),
    ];
    private static readonly HashSet<string> Modern = ["supermarket", "convenienceStore", "ecommerce"];

    public int Subjects => subjects;
    public int Rows => subjects * Channels.Length * years * monthsPerYear;
    public int FirstYear => firstYear;
    public int LastYear => firstYear + years - 1;

    /// <summary>The certificate issue date of subject <paramref name="i"/> (day ≤ 28, so "+36 months" means the same in
    /// every calendar library), or null: no certificate.</summary>
    public DateOnly? CertificateIssued(int i)
    {
        var random = new Random(seed * 7919 + i);
        return random.Next(3) == 0 ? null : new DateOnly(firstYear - 2 + random.Next(years + 1), 1 + random.Next(12), 1 + random.Next(28));
    }

    /// <summary>The CSV import file: header and rows, with the producers' real ids.</summary>
    public string Csv(IReadOnlyList<string> producerIds, string idPrefix = "g")
    {
        var text = new StringBuilder(Rows * 80);
        text.Append("id,producerId,channel,marketplace,month,amountVnd,quantity\r\n");
        foreach (var (id, producer, channel, marketplace, month, amount, quantity) in Generate(producerIds, idPrefix))
            text.Append(id).Append(',').Append(producer).Append(',').Append(channel).Append(',').Append(marketplace).Append(',')
                .Append(month).Append(',').Append(amount.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(quantity.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        return text.ToString();
    }

    public IEnumerable<(string Id, string ProducerId, string Channel, string Marketplace, string Month, long AmountVnd, long Quantity)> Generate(
        IReadOnlyList<string> producerIds, string idPrefix = "g")
    {
        for (var p = 0; p < subjects; p++)
        {
            var random = new Random(seed * 104729 + p);
            var scale = 1 + random.Next(50);                      // small households to large cooperatives
            var growth = 0.97 + random.NextDouble() * 0.15;       // −3 % … +12 % a year, around the 5–10 % band
            var modernFrom = firstYear + random.Next(years + 1);  // the year it started selling in modern channels
            for (var y = 0; y < years; y++)
                for (var m = 1; m <= monthsPerYear; m++)
                {
                    var month = $"{firstYear + y}-{m:D2}";
                    for (var c = 0; c < Channels.Length; c++)
                    {
                        var (channel, marketplace) = Channels[c];
                        var modern = Modern.Contains(channel);
                        var amount = modern && firstYear + y < modernFrom ? 0
                            : (long)(scale * 100_000 * Math.Pow(growth, y) * (0.5 + random.NextDouble()));
                        yield return ($"{idPrefix}-{p}-{month}-{c}", producerIds[p], channel, marketplace, month, amount, amount / 50_000);
                    }
                }
        }
    }
}
