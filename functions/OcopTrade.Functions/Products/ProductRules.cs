using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Products;

public static class ProductRules
{
    /// <summary>The OCOP programme began in 2018 (Decision 490/QĐ-TTg); an older certificate date is a typo.</summary>
    public static readonly DateOnly FirstCertificateDate = new(2018, 1, 1);
    public const long MaxPriceVnd = 10_000_000_000;
    public const int MaxStock = 1_000_000;
    public const int MaxMonthlyCapacity = 100_000_000;

    /// <summary>Checks every field a client sent and returns them cleaned (trimmed, GTIN digits only), or null.
    /// A draft may leave fields empty; <see cref="PublishProblems"/> decides what a published listing needs.</summary>
    public static ProductFields? Validate(ProductFields input, DateOnly today, FieldErrors errors)
    {
        var name = errors.Text("name", input.Name, 200, required: true);
        var description = errors.Text("description", input.Description, 5000, multiline: true);
        if (input.Group is null) errors.Add("group", "Choose one: food, beverages, herbal, textiles, souvenirs, tourism.");
        if (input.Stars is { } stars && stars is < 3 or > 5) errors.Add("stars", "OCOP ratings are 3, 4 or 5 stars.");

        CertificateFields? certificate = null;
        if (input.Certificate is { } c)
        {
            var number = errors.Text("certificate.number", c.Number, 50, required: true);
            if (c.IssueDate is not { } issued) errors.Add("certificate.issueDate", "This field is required (yyyy-MM-dd).");
            else if (issued > today) errors.Add("certificate.issueDate", "The certificate date cannot be in the future.");
            else if (issued < FirstCertificateDate) errors.Add("certificate.issueDate", "OCOP certificates date from 2018 onwards.");
            if (c.IssuingLevel is null) errors.Add("certificate.issuingLevel", "Choose one: district, province, national.");
            certificate = new CertificateFields(number, c.IssueDate, c.IssuingLevel);
        }

        if (input.PriceVnd is { } price && price is < 1 or > MaxPriceVnd)
            errors.Add("priceVnd", $"Price is whole đồng between 1 and {MaxPriceVnd:N0}.");
        var unit = errors.Text("unit", input.Unit, 30);
        var netQuantity = errors.Text("netQuantity", input.NetQuantity, 50);
        if (input.ShelfLifeDays is { } days && days is < 1 or > 3650) errors.Add("shelfLifeDays", "Between 1 and 3650 days.");
        var ingredients = errors.Text("ingredients", input.Ingredients, 2000, multiline: true);
        var area = errors.Text("rawMaterialArea", input.RawMaterialArea, 300);
        if (input.Standards is { Count: > 10 }) errors.Add("standards", "At most 10 standards.");
        if (input.Stock is { } stock && stock is < 0 or > MaxStock) errors.Add("stock", $"Whole units between 0 and {MaxStock:N0}.");
        var capacity = Capacity(input.MonthlyCapacity, errors);

        string? gtin = null;
        if (!string.IsNullOrWhiteSpace(input.Gtin))
        {
            gtin = input.Gtin.Trim().Replace(" ", "");
            if (!Products.Gtin.IsValid(gtin)) { errors.Add("gtin", "Not a valid GTIN: 8, 12, 13 or 14 digits with a correct check digit."); gtin = null; }
        }

        return errors.Any ? null : new ProductFields
        {
            Name = name, Description = description, Group = input.Group, Stars = input.Stars, Certificate = certificate,
            PriceVnd = input.PriceVnd, Unit = unit, NetQuantity = netQuantity, ShelfLifeDays = input.ShelfLifeDays,
            Ingredients = ingredients, RawMaterialArea = area, Standards = input.Standards?.Distinct().ToList(), Gtin = gtin,
            Stock = input.Stock, MonthlyCapacity = capacity,
        };
    }

    /// <summary>A capacity is a whole quantity with its unit, or absent; half of one is a mistake, not a default.</summary>
    private static MonthlyCapacity? Capacity(MonthlyCapacity? input, FieldErrors errors)
    {
        if (input is null) return null;
        if (input.Quantity is not { } quantity) errors.Add("monthlyCapacity.quantity", "This field is required.");
        else if (quantity is < 1 or > MaxMonthlyCapacity)
            errors.Add("monthlyCapacity.quantity", $"Whole units between 1 and {MaxMonthlyCapacity:N0} a month.");
        var unit = errors.Text("monthlyCapacity.unit", input.Unit, 30, required: true);
        return new MonthlyCapacity(input.Quantity, unit);
    }

    /// <summary>Why a listing may not be shown to the public, field by field; empty when it may.</summary>
    public static IDictionary<string, string[]> PublishProblems(Product product, DateOnly today)
    {
        var errors = new FieldErrors();
        var f = product.Fields;
        if (f.Description is null) errors.Add("description", "Mô tả sản phẩm là bắt buộc khi đăng bán. A description is needed to publish.");
        if (f.Stars is null) errors.Add("stars", "Cần số sao OCOP. The OCOP star rating is needed to publish.");
        if (f.PriceVnd is null) errors.Add("priceVnd", "Cần giá bán. A price is needed to publish.");
        if (f.Unit is null) errors.Add("unit", "Cần đơn vị tính. A unit (e.g. hũ, chai, kg) is needed to publish.");
        if (f.NetQuantity is null) errors.Add("netQuantity", "Cần khối lượng/thể tích tịnh. The net quantity is needed to publish.");
        if (f.Group is ProductGroup.Food or ProductGroup.Beverages or ProductGroup.Herbal && f.ShelfLifeDays is null)
            errors.Add("shelfLifeDays", "Cần hạn sử dụng. Food, beverage and herbal products need a shelf life.");

        var certificate = product.CertificateOn(today);
        if (certificate is null)
            errors.Add("certificate", "Cần giấy chứng nhận OCOP. An OCOP certificate is needed to publish.");
        else if (certificate.State == CertificateState.Expired)
            errors.Add("certificate", $"Giấy chứng nhận đã hết hạn ngày {certificate.ValidUntil:dd/MM/yyyy}; cần đánh giá lại. The certificate has expired.");
        else if (certificate.State == CertificateState.Revoked)
            errors.Add("certificate", "Giấy chứng nhận đã bị thu hồi. The certificate has been revoked.");
        if (certificate?.IssuingLevel is { } level && f.Stars is { } stars and >= 3 and <= 5 && CertificateValidity.LevelFor(stars) != level)
            errors.Add("certificate.issuingLevel",
                $"Sản phẩm {stars} sao do cấp {LevelName(CertificateValidity.LevelFor(stars))} công nhận. A {stars}-star rating is recognised at {CertificateValidity.LevelFor(stars).ToString().ToLowerInvariant()} level.");
        return errors.ToDictionary();
    }

    private static string LevelName(IssuingLevel level) => level switch
    {
        IssuingLevel.District => "huyện/xã",
        IssuingLevel.Province => "tỉnh",
        _ => "trung ương",
    };
}
