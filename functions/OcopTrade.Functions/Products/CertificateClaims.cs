namespace OcopTrade.Functions.Products;

/// <summary>A producer's change to its certificate (number, date, issuing level), waiting for the department. The stars
/// need no claim of their own: publishing requires them to match the certificate's issuing level.</summary>
public sealed record CertificateClaim(CertificateFields Certificate, DateTimeOffset ClaimedAt)
{
    public string? Number => Certificate.Number;
    public DateOnly? IssueDate => Certificate.IssueDate;
    public IssuingLevel? IssuingLevel => Certificate.IssuingLevel;
    public DateOnly? ValidUntil => IssueDate is { } issued ? CertificateValidity.ValidUntil(issued) : null;
}

public enum CertificateAction { Claim, Confirm, Reject, Revoke, Edit }

/// <summary>Everything about a product's certificate at one moment: the one in force, whether it is revoked, and the
/// producer's claim waiting for the department.</summary>
public sealed record CertificateRecord(CertificateFields? Certificate, bool Revoked, CertificateFields? Pending)
{
    public static CertificateRecord Of(Product p) =>
        new(p.Fields.Certificate, p.RevokedAt is not null, p.PendingCertificate?.Certificate);
}

/// <summary>One change to a product's certificate as its history keeps it; the writer adds who and when.</summary>
public sealed record CertificateChange(
    CertificateAction Action, CertificateRecord Before, CertificateRecord After, string? Reason)
{
    public static CertificateChange Between(
        CertificateAction action, Product before, Product after, string? reason = null) =>
        new(action, CertificateRecord.Of(before), CertificateRecord.Of(after), reason);
}

/// <summary>The certificate is the province's decision, not the producer's. A producer's change to it becomes a claim
/// and the certificate in force stays as it was, revoked or expired included, until the department (or admin)
/// confirms the claim; only they lift a revocation. Their own edits take effect at once: they are the
/// authority.</summary>
public sealed partial record Product
{
    /// <summary>Replaces the editable fields. <paramref name="byCertifier"/>: the department of the product's
    /// province or admin, whose certificate edits take effect; anyone else's become a claim.</summary>
    public ListingChange Edit(ProductFields fields, bool byCertifier, DateTimeOffset now) =>
        byCertifier ? EditAsCertifier(fields, now) : EditAsProducer(fields, now);

    private ListingChange EditAsProducer(ProductFields fields, DateTimeOffset now)
    {
        var sent = fields.Certificate;
        var edited = this with { Fields = fields with { Certificate = Fields.Certificate }, UpdatedAt = now };
        if (sent == Fields.Certificate || (PendingCertificate is { } pending && sent == pending.Certificate))
            return ListingChange.To(edited);
        if (sent is null)
            return ListingChange.Refuse(this, "certificate", "Chỉ cơ quan quản lý OCOP mới xoá được giấy chứng nhận. " +
                "Only the department can remove a recorded certificate.");
        var claimed = edited with { PendingCertificate = new CertificateClaim(sent, now) };
        return ListingChange.To(claimed, CertificateChange.Between(CertificateAction.Claim, this, claimed));
    }

    private ListingChange EditAsCertifier(ProductFields fields, DateTimeOffset now)
    {
        var sent = fields.Certificate;
        var edited = this with { Fields = fields, UpdatedAt = now };
        if (sent == Fields.Certificate) return ListingChange.To(edited);
        // Another number or date is a new certificate, so the old revocation no longer applies; a corrected level
        // is the same certificate.
        var old = Fields.Certificate;
        var recertified = sent?.Number != old?.Number || sent?.IssueDate != old?.IssueDate;
        var recorded = edited with
        {
            PendingCertificate = null,
            RevokedAt = recertified ? null : RevokedAt,
            RevocationReason = recertified ? null : RevocationReason,
        };
        return ListingChange.To(recorded, CertificateChange.Between(CertificateAction.Edit, this, recorded));
    }

    /// <summary>The department accepts the producer's claim: it becomes the certificate in force, unrevoked.</summary>
    public ListingChange ConfirmCertificate(DateTimeOffset now)
    {
        if (PendingCertificate is not { } claim) return NoClaim();
        var confirmed = this with
        {
            Fields = Fields with { Certificate = claim.Certificate },
            PendingCertificate = null,
            RevokedAt = null,
            RevocationReason = null,
            UpdatedAt = now,
        };
        return ListingChange.To(confirmed, CertificateChange.Between(CertificateAction.Confirm, this, confirmed));
    }

    /// <summary>The department turns the claim down: the claim goes, nothing else changes.</summary>
    public ListingChange RejectCertificate(string reason, DateTimeOffset now)
    {
        if (PendingCertificate is null) return NoClaim();
        var rejected = this with { PendingCertificate = null, UpdatedAt = now };
        return ListingChange.To(rejected, CertificateChange.Between(CertificateAction.Reject, this, rejected, reason));
    }

    private ListingChange NoClaim() => ListingChange.Refuse(this, "pendingCertificate",
        "Không có giấy chứng nhận nào đang chờ xác nhận. There is no certificate claim waiting for a decision.");
}
