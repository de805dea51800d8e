using Azure.Data.Tables;

namespace OcopTrade.Functions.Revenue;

/// <summary>
/// What one producer's part of an import has met so far, kept from one chunk of the file to the next: the ids the
/// file used (each with its fingerprint), the producer's stored entries once read, and its year rows as last written.
/// A file is written a chunk at a time so that it is never held whole; these few facts per row are what lets a row
/// repeated chunks apart count once, and the partition be read once per import instead of once per chunk.
/// </summary>
public sealed class ImportLedger(string producerId, string province)
{
    private static readonly Dictionary<string, (string? Fingerprint, string? ImportId)> Nothing = [];

    public string ProducerId { get; } = producerId;
    public string Province { get; } = province;

    /// <summary>Ids of the file written or met in earlier chunks, with the fingerprint they stand for.</summary>
    public Dictionary<string, string> Seen { get; } = new(StringComparer.Ordinal);

    /// <summary>The producer's entries as stored when its partition was last read; none before it is read.</summary>
    public IReadOnlyDictionary<string, (string? Fingerprint, string? ImportId)> Existing { get; private set; } = Nothing;

    /// <summary>The producer's year rows by row key, with the ETags they were read or last written with.</summary>
    public Dictionary<string, TableEntity> Years { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Whether the partition was read: until then the import assumes (or was told) nothing is stored.</summary>
    public bool Read { get; private set; }

    /// <summary>Takes what the partition holds now; earlier chunks' entries are among them, found by id.</summary>
    public void Load((List<TableEntity> Entries, Dictionary<string, TableEntity> Years) partition)
    {
        Existing = partition.Entries.ToDictionary(
            e => e.RowKey[2..], e => ((string?)e.GetString("RequestFingerprint"), (string?)e.GetString("ImportId")),
            StringComparer.Ordinal);
        Years = partition.Years;
        Read = true;
    }

    /// <summary>Keeps the ids a chunk wrote or met, once its transactions all went through.</summary>
    public void Remember(Dictionary<string, string> seen)
    {
        foreach (var (id, fingerprint) in seen) Seen[id] = fingerprint;
    }
}
