using Azure.Data.Tables;

namespace OcopTrade.LocalHost.TestWorker;

/// <summary>What the functions saw, kept in the Azurite table named by the app setting RecordsTable so the tests
/// read it from outside.</summary>
public sealed class Records(TableServiceClient tables, string tableName)
{
    private readonly TableClient _table = tables.GetTableClient(tableName);

    public async Task AddAsync(string function, string key, IDictionary<string, object?> values)
    {
        await _table.CreateIfNotExistsAsync();
        var entity = new TableEntity(function, $"{key}-{Guid.NewGuid():N}");
        foreach (var (name, value) in values) entity[name] = value;
        entity["Worker"] = Environment.ProcessId;
        entity["At"] = DateTimeOffset.UtcNow;
        await _table.AddEntityAsync(entity);
    }
}
