using Azure.Data.Tables;
using OcopTrade.Functions.Access;

namespace OcopTrade.Functions.Linkage;

/// <summary>The enquiries and deals a caller may list: a producer those addressed to it, a buyer its own, a
/// department those with producers of its province, an admin all.</summary>
public static class PartyFilter
{
    public static List<string> Of(Caller caller) => caller.Role switch
    {
        Role.Producer => [TableClient.CreateQueryFilter($"ProducerId eq {caller.ProducerId}")],
        Role.Buyer => [TableClient.CreateQueryFilter($"BuyerId eq {caller.BuyerId}")],
        Role.Department => [TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(caller.Province!)}")],
        Role.Admin => [],
        _ => throw new InvalidOperationException("Sales points see no enquiries or deals."),
    };

    /// <summary>Rows of producers recorded in any of the province keys (a province and those merged into it).</summary>
    public static string InProvinces(IEnumerable<string> provinceKeys) =>
        "(" + string.Join(" or ", provinceKeys.Select(k => TableClient.CreateQueryFilter($"ProvinceKey eq {k}"))) + ")";
}
