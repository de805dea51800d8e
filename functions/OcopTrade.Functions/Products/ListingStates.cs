namespace OcopTrade.Functions.Products;

/// <summary>What a listing answers when asked to change: its next state, itself when there is nothing to do, or why it
/// refuses, field by field. A change to the certificate carries what the certificate history records.</summary>
public sealed record ListingChange(
    Product Product, bool Changed, IDictionary<string, string[]> Refusals, CertificateChange? Certificate = null)
{
    public bool Refused => Refusals.Count > 0;

    public static ListingChange To(Product next, CertificateChange? certificate = null) =>
        new(next, true, new Dictionary<string, string[]>(), certificate);

    public static ListingChange Unchanged(Product same) => new(same, false, new Dictionary<string, string[]>());

    public static ListingChange Refuse(Product same, IDictionary<string, string[]> reasons) =>
        new(same, false, new Dictionary<string, string[]>(reasons));

    public static ListingChange Refuse(Product same, string field, string reason) =>
        Refuse(same, new Dictionary<string, string[]> { [field] = [reason] });
}

/// <summary>A listing's life: draft → published → draft; suspended when its certificate lapses or is revoked.</summary>
public sealed partial record Product
{
    public ListingChange Publish(DateOnly today, DateTimeOffset now)
    {
        if (ProductRules.PublishProblems(this, today) is { Count: > 0 } reasons)
            return ListingChange.Refuse(this, reasons);
        if (Status == ProductStatus.Published) return ListingChange.Unchanged(this);
        return ListingChange.To(
            this with { Status = ProductStatus.Published, StatusReason = null, PublishedAt = now, UpdatedAt = now });
    }

    public ListingChange Unpublish(DateTimeOffset now) => Status == ProductStatus.Draft
        ? ListingChange.Unchanged(this)
        : ListingChange.To(this with { Status = ProductStatus.Draft, StatusReason = null, UpdatedAt = now });

    /// <summary>The nightly suspension: a published listing whose certificate expired or was revoked.</summary>
    public ListingChange SuspendForLapse(DateOnly today, DateTimeOffset now)
    {
        if (Status != ProductStatus.Published)
            return ListingChange.Refuse(this, "status", "Only a published listing is suspended.");
        var certificate = CertificateOn(today);
        if (certificate?.State is not (CertificateState.Expired or CertificateState.Revoked))
            return ListingChange.Refuse(this, "certificate", "The certificate has not lapsed.");
        var reason = certificate.State == CertificateState.Revoked
            ? "Giấy chứng nhận OCOP bị thu hồi."
            : $"Giấy chứng nhận OCOP hết hạn ngày {certificate.ValidUntil:dd/MM/yyyy}; cần đánh giá lại.";
        return ListingChange.To(this with { Status = ProductStatus.Suspended, StatusReason = reason, UpdatedAt = now });
    }

    /// <summary>The department's revocation: the certificate is revoked until the department confirms a new one, and a
    /// published listing is suspended. Revoking twice changes nothing.</summary>
    public ListingChange Revoke(string reason, DateTimeOffset now)
    {
        if (Fields.Certificate is null)
            return ListingChange.Refuse(this, "certificate", "This product has no certificate to revoke.");
        if (RevokedAt is not null) return ListingChange.Unchanged(this);
        var published = Status == ProductStatus.Published;
        var revoked = this with
        {
            RevokedAt = now,
            RevocationReason = reason,
            UpdatedAt = now,
            Status = published ? ProductStatus.Suspended : Status,
            StatusReason = published ? "Giấy chứng nhận OCOP bị thu hồi: " + reason : StatusReason,
        };
        return ListingChange.To(revoked, CertificateChange.Between(CertificateAction.Revoke, this, revoked, reason));
    }
}
