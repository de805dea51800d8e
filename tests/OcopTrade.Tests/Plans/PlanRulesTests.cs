using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Plans;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Tests.Plans;

/// <summary>The rules without I/O: the unit map, plan validation, report periods and the seed files.</summary>
public class PlanRulesTests
{
    private static readonly AdministrativeUnitMap Units = AdministrativeUnitMap.Load();

    [Theory]
    [InlineData("Bắc Kạn", "Thái Nguyên")]
    [InlineData("Tỉnh Bắc Kạn", "Thái Nguyên")]
    [InlineData("Kiên Giang", "An Giang")]
    [InlineData("Bà Rịa - Vũng Tàu", "Hồ Chí Minh")]
    [InlineData("Lai Châu", "Lai Châu")]
    [InlineData("Lạng Sơn", "Lạng Sơn")]
    [InlineData("Tỉnh Không Có", "Tỉnh Không Có")]
    public void Old_provinces_map_to_the_current_ones(string recorded, string current) =>
        Assert.Equal(current, Units.CurrentProvince(recorded));

    [Fact]
    public void The_map_holds_the_34_provinces_of_2025_and_the_63_before()
    {
        var before = new[] { "Hà Giang", "Yên Bái", "Bắc Kạn", "Vĩnh Phúc", "Hòa Bình", "Bắc Giang", "Thái Bình", "Hải Dương", "Hà Nam", "Nam Định",
            "Quảng Bình", "Quảng Nam", "Kon Tum", "Bình Định", "Ninh Thuận", "Đắk Nông", "Bình Thuận", "Phú Yên", "Bình Dương", "Bà Rịa - Vũng Tàu",
            "Bình Phước", "Long An", "Sóc Trăng", "Hậu Giang", "Bến Tre", "Trà Vinh", "Tiền Giang", "Bạc Liêu", "Kiên Giang" };
        Assert.All(before, p => Assert.True(Units.IsKnown(p), p));
        var current = before.Select(Units.CurrentProvince).Distinct().ToList();
        Assert.Equal(23, current.Count); // 52 provinces and cities formed 23 new ones
        Assert.Equal(["thái nguyên", "bắc kạn"], Units.RecordedKeys("Thái Nguyên"));
        Assert.Equal(["bắc kạn"], Units.RecordedKeys("Bắc Kạn"));
        Assert.Equal(8, Units.DistrictsOf("Bắc Kạn").Count);
        Assert.Equal(AdministrativeUnitMap.UnitKey("Chợ Đồn"), AdministrativeUnitMap.UnitKey("huyện Chợ Đồn"));
        Assert.Equal(AdministrativeUnitMap.UnitKey("TP Bắc Kạn"), AdministrativeUnitMap.UnitKey("Thành phố Bắc Kạn"));
    }

    [Fact]
    public void The_seed_plans_hold_the_targets_of_the_seeds()
    {
        var seeds = SeedPlans.Read().ToDictionary(p => p.Number!);
        Assert.Equal(["1426/KH-UBND", "180/KH-UBND", "441/KH-UBND", "KH-SNNMT/2025"], seeds.Keys.Order());
        var bacKan = seeds["180/KH-UBND"].Targets!;
        Assert.Equal(20m, bacKan.Where(t => t.Level == UnitLevel.District && t.Metric == PlanMetric.ProductsWithTraceability).Sum(t => t.Min));
        Assert.Equal(4m, bacKan.Single(t => t.Metric == PlanMetric.NewProducts3Stars && t.Unit == "Thành phố Bắc Kạn").Min);
        Assert.All(bacKan.Where(t => t.Level == UnitLevel.District), t => Assert.Contains(t.Unit, Units.DistrictsOf("Bắc Kạn")));
        var longXuyen = seeds["441/KH-UBND"].Targets!.Single(t => t.Metric == PlanMetric.NewProducts3Stars);
        Assert.Equal((6m, 8m), (longXuyen.Min, longXuyen.Max));
    }

    [Fact]
    public void A_plan_is_checked_whole_and_every_problem_is_named()
    {
        var errors = new FieldErrors();
        var plan = new PlanFields("Lai Châu", 2026, "1/KH", null, null,
        [
            new TargetFields(PlanMetric.RevenueGrowthPercent, null, null, 10, 5, null),
            new TargetFields(PlanMetric.TotalOcopProducts, UnitLevel.Province, "Lạng Sơn", 1.5m, null, null),
            new TargetFields(PlanMetric.NewProducts3Stars, UnitLevel.District, "Huyện Tam Đường", 3, null, null),
            new TargetFields(PlanMetric.NewProducts3Stars, UnitLevel.Commune, "Xã Bình Lư", 3, null, null),
            new TargetFields(PlanMetric.NewProducts3Stars, UnitLevel.Commune, "xã Bình Lư", 4, null, null),
        ]);
        Assert.Null(PlanRules.Validate(plan, errors));
        Assert.Equal(["targets[0].max", "targets[1].min", "targets[1].unit", "targets[2].level", "targets[4].metric"], errors.ToDictionary().Keys.Order());
        Assert.Equal("lai-chau-2025-1426-kh-ubnd", PlanIds.For("Tỉnh Lai Châu", 2025, "1426/KH-UBND"));
    }

    [Fact]
    public void Periods_are_a_year_a_half_or_a_range()
    {
        var errors = new FieldErrors();
        Assert.Equal(new ReportPeriod(new(2025, 1, 1), new(2025, 6, 1)), ReportPeriod.Read(2025, 1, null, null, errors));
        Assert.Equal(new DateOnly(2025, 12, 31), ReportPeriod.Read(2025, 2, null, null, errors)!.Value.LastDay);
        Assert.Equal(new DateOnly(2024, 2, 29), ReportPeriod.Read(null, null, "2024-02", "2024-02", errors)!.Value.LastDay);
        Assert.False(errors.Any);
        Assert.Null(ReportPeriod.Read(null, 1, null, null, errors));
        Assert.Null(ReportPeriod.Read(2025, null, "2025-01", null, errors));
        Assert.Null(ReportPeriod.Read(null, null, "2025-06", "2025-01", errors));
        Assert.Equal(["half", "to", "year"], errors.ToDictionary().Keys.Order());
    }
}
