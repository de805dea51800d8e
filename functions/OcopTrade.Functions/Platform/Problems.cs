using Microsoft.AspNetCore.Http.HttpResults;

namespace OcopTrade.Functions.Platform;

/// <summary>RFC 9457 answers. The title is Vietnamese because producers read it; the detail stays English for
/// the people who integrate with us.</summary>
public static class Problems
{
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Dữ liệu không hợp lệ",
            Detail = detail ?? "One or more fields are invalid: " + string.Join(", ", errors.Keys) + ".",
            Type = "https://ocoptrade.vn/problems/invalid-input",
        });

    public static ProblemHttpResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "Không tìm thấy", $"No {what} with that id is visible to you.", "not-found");

    public static ProblemHttpResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, "Không có quyền", detail, "forbidden");

    public static ProblemHttpResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, "Xung đột dữ liệu", detail, "conflict");

    public static ProblemHttpResult PreconditionFailed() =>
        Problem(StatusCodes.Status412PreconditionFailed, "Dữ liệu đã bị thay đổi",
            "The resource was changed by someone else since you read it. Read it again and reapply your change.", "stale-etag");

    public static ProblemHttpResult PreconditionRequired() =>
        Problem(StatusCodes.Status428PreconditionRequired, "Thiếu If-Match",
            "Send the ETag you read in an If-Match header so concurrent edits are not lost.", "if-match-required");

    public static ProblemHttpResult TooLarge(long limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Dữ liệu quá lớn", $"The request body is larger than {limit} bytes.", "too-large");

    public static ProblemHttpResult UnsupportedMediaType(string expected) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Định dạng không được hỗ trợ", $"Send the body as {expected}.", "unsupported-media-type");

    public static ProblemHttpResult Unprocessable(string title, string detail, IDictionary<string, string[]> reasons) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(reasons)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
            Detail = detail,
            Type = "https://ocoptrade.vn/problems/unprocessable",
        });

    public static ProblemHttpResult IdempotencyKeyReused() =>
        Unprocessable("Khóa chống trùng đã được dùng", "This Idempotency-Key was already used for a different request.",
            new Dictionary<string, string[]> { [IdempotencyKey.Header] = ["Already used with another body."] });

    public static ProblemHttpResult Problem(int status, string title, string detail, string type) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: "https://ocoptrade.vn/problems/" + type);
}
