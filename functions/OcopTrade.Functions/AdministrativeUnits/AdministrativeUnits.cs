using System.Text;
using System.Text.Json;
using OcopTrade.Functions.Access;

namespace OcopTrade.Functions.AdministrativeUnits;

/// <summary>How a report names places: as today's units (history rolled into the province that exists now) or as
/// the records name them (the province and district of the day).</summary>
public enum UnitView { Current, AsRecorded }

/// <summary>The map from old units to current ones (<c>units-2025.json</c>): provinces merged by Resolution
/// 202/2025/QH15 and districts abolished on 1 July 2025. Records keep the names they were made under; only reports
/// translate, so nothing is rewritten when the map gains a line.</summary>
public sealed class AdministrativeUnitMap
{
    private sealed record Entry(string Current, string[] Former);
    private sealed record DistrictList(string Province, string[] Names);
    private sealed record Document(string About, string[] Sources, DateOnly Effective, Entry[] Provinces, DistrictList[] Districts);

    private readonly Dictionary<string, string> _currentOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _formerOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _districts = new(StringComparer.Ordinal);

    public DateOnly Effective { get; }

    private AdministrativeUnitMap(Document document)
    {
        Effective = document.Effective;
        foreach (var p in document.Provinces)
        {
            _currentOf[Provinces.Key(p.Current)] = p.Current;
            _formerOf[Provinces.Key(p.Current)] = [.. p.Former];
            foreach (var former in p.Former) _currentOf[Provinces.Key(former)] = p.Current;
        }
        foreach (var d in document.Districts) _districts[Provinces.Key(d.Province)] = d.Names;
    }

    public static AdministrativeUnitMap Load()
    {
        using var stream = typeof(AdministrativeUnitMap).Assembly.GetManifestResourceStream("OcopTrade.AdministrativeUnits.units-2025.json")
            ?? throw new InvalidOperationException("The administrative unit map is not embedded.");
        return new AdministrativeUnitMap(JsonSerializer.Deserialize<Document>(stream, Platform.Json.Options)!);
    }

    /// <summary>The province that holds this one's territory today ("Bắc Kạn" → "Thái Nguyên"); a name the map does
    /// not know is taken to be current, so a typo never silently merges two provinces.</summary>
    public string CurrentProvince(string recorded) => _currentOf.GetValueOrDefault(Provinces.Key(recorded)) ?? recorded;

    public bool IsKnown(string province) => _currentOf.ContainsKey(Provinces.Key(province));

    /// <summary>Province keys whose records belong to <paramref name="province"/>: itself, and when it is a current
    /// province, every province merged into it. A former province does not see its successor's later records.</summary>
    public IReadOnlyList<string> RecordedKeys(string province)
    {
        var key = Provinces.Key(province);
        return [key, .. _formerOf.GetValueOrDefault(key)?.Select(Provinces.Key) ?? []];
    }

    public string Label(string recordedProvince, UnitView view) => view == UnitView.Current ? CurrentProvince(recordedProvince) : recordedProvince;

    /// <summary>Districts the map lists for a former province (used to check the units of pre-2025 plans).</summary>
    public IReadOnlyList<string> DistrictsOf(string province) => _districts.GetValueOrDefault(Provinces.Key(province)) ?? [];

    /// <summary>"Huyện Chợ Đồn", "huyện Chợ Đồn" and "Chợ Đồn" are one district; "Thành phố Bắc Kạn" and "TP Bắc Kạn" one city.</summary>
    public static string UnitKey(string name)
    {
        var key = name.Normalize(NormalizationForm.FormC).Trim().ToLowerInvariant();
        foreach (var prefix in new[] { "huyện ", "thành phố ", "thị xã ", "quận ", "tp. ", "tp ", "xã ", "phường ", "thị trấn ", "đặc khu " })
            if (key.StartsWith(prefix, StringComparison.Ordinal)) return key[prefix.Length..].Trim();
        return key;
    }
}
