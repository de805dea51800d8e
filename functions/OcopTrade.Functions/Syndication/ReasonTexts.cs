namespace OcopTrade.Functions.Syndication;

/// <summary>Marketplace refusals in words a producer understands, in Vietnamese, with the marketplace's own code
/// kept in brackets so support staff can look it up on the seller centre.</summary>
public static class ReasonTexts
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["NAME_TOO_LONG"] = "Tên sản phẩm quá dài",
        ["TITLE_TOO_LONG"] = "Tên sản phẩm quá dài",
        ["product.error_item_name_length"] = "Tên sản phẩm phải dài từ 10 đến 120 ký tự",
        ["NAME_REQUIRED"] = "Sản phẩm chưa có tên",
        ["TITLE_REQUIRED"] = "Sản phẩm chưa có tên",
        ["DESCRIPTION_TOO_SHORT"] = "Mô tả quá ngắn, cần viết thêm về sản phẩm",
        ["CONTENT_TOO_SHORT"] = "Mô tả quá ngắn, cần viết thêm về sản phẩm",
        ["product.error_description_length"] = "Mô tả phải dài từ 20 đến 3.000 ký tự",
        ["DESCRIPTION_TOO_LONG"] = "Mô tả quá dài",
        ["CONTENT_TOO_LONG"] = "Mô tả quá dài",
        ["DESCRIPTION_HTML"] = "Mô tả không được chứa mã HTML",
        ["CONTENT_HTML"] = "Mô tả không được chứa mã HTML",
        ["PROHIBITED_CLAIM"] = "Mô tả có lời quảng cáo công dụng chữa bệnh, điều này không được phép với thực phẩm; hãy bỏ những câu đó",
        ["CLAIM_NOT_ALLOWED"] = "Mô tả có lời quảng cáo công dụng chữa bệnh, điều này không được phép với thực phẩm; hãy bỏ những câu đó",
        ["product.error_prohibited_content"] = "Mô tả có lời quảng cáo công dụng chữa bệnh, điều này không được phép với thực phẩm; hãy bỏ những câu đó",
        ["PRICE_TOO_LOW"] = "Giá bán phải từ 1.000 ₫ trở lên",
        ["PRICE_INVALID"] = "Giá bán phải từ 1.000 ₫ trở lên",
        ["product.error_price_invalid"] = "Giá bán không hợp lệ",
        ["CATEGORY_INVALID"] = "Sàn không nhận danh mục của sản phẩm",
        ["CATEGORY_NOT_FOUND"] = "Sàn không nhận danh mục của sản phẩm",
        ["product.error_category_invalid"] = "Sàn không nhận danh mục của sản phẩm",
        ["WEIGHT_INVALID"] = "Thiếu khối lượng để tính phí vận chuyển; hãy ghi khối lượng tịnh",
        ["product.error_weight_invalid"] = "Thiếu khối lượng để tính phí vận chuyển; hãy ghi khối lượng tịnh",
        ["IMAGE_REQUIRED"] = "Sản phẩm cần ít nhất một ảnh đã xử lý xong",
        ["product.error_image_required"] = "Sản phẩm cần ít nhất một ảnh đã xử lý xong",
        ["IMAGE_TOO_MANY"] = "Quá nhiều ảnh cho sàn này",
        ["IMAGE_LIMIT"] = "Quá nhiều ảnh cho sàn này",
        ["product.error_image_count"] = "Quá nhiều ảnh cho sàn này",
        ["STOCK_INVALID"] = "Số lượng tồn kho không hợp lệ",
        ["QUANTITY_INVALID"] = "Số lượng tồn kho không hợp lệ",
    };

    public static string Explain(Channel channel, MarketplaceReason reason)
    {
        var words = Known.TryGetValue(reason.Code, out var known)
            ? known
            : $"{channel.DisplayName} từ chối sản phẩm" + (reason.Field is { Length: > 0 } f ? $" ở trường {f}" : "") +
              (reason.Message.Length > 0 ? $": {reason.Message}" : "");
        return $"{words} (mã {channel.Name}: {reason.Code}).";
    }
}
