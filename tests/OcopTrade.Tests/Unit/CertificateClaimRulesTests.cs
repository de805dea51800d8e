using OcopTrade.Functions.Products;
using static OcopTrade.Tests.Unit.Listings;

namespace OcopTrade.Tests.Unit;

/// <summary>A producer's change to its certificate is a claim; the department or admin puts it in force.</summary>
public class CertificateClaimRulesTests
{
    private static readonly CertificateFields Renumbered = InForce with { Number = "1235/QĐ-UBND" };

    private static Product Claimed(Product listing, CertificateFields claim) =>
        listing.Edit(listing.Fields with { Certificate = claim }, byCertifier: false, Now).Product;

    [Fact]
    public void A_producer_renumbering_a_revoked_certificate_only_claims_it()
    {
        var listing = Revoked(Published());
        var fields = listing.Fields with { Certificate = Renumbered, PriceVnd = 1 };
        var change = listing.Edit(fields, byCertifier: false, Now);
        Assert.Equal(InForce, change.Product.Fields.Certificate);
        Assert.Equal(1, change.Product.Fields.PriceVnd);
        Assert.Equal(CertificateState.Revoked, change.Product.CertificateOn(Today)!.State);
        Assert.Equal(new CertificateClaim(Renumbered, Now), change.Product.PendingCertificate);
        var recorded = new CertificateChange(
            CertificateAction.Claim, new(InForce, true, null), new(InForce, true, Renumbered), null);
        Assert.Equal(recorded, change.Certificate);
    }

    [Fact]
    public void A_producer_moving_an_expired_certificates_date_forward_leaves_it_expired()
    {
        var expired = InForce with { IssueDate = new DateOnly(2019, 5, 10) };
        var claimed = Claimed(Draft(expired), expired with { IssueDate = new DateOnly(2026, 5, 10) });
        Assert.Equal(CertificateState.Expired, claimed.CertificateOn(Today)!.State);
        Assert.Equal(new DateOnly(2029, 5, 10), claimed.PendingCertificate!.ValidUntil);
        Assert.True(claimed.Publish(Today, Now).Refused);
    }

    [Fact]
    public void Sending_the_certificate_in_force_or_the_claim_again_is_no_certificate_change()
    {
        var claimed = Claimed(Draft(), Renumbered);
        foreach (var sent in new[] { InForce, Renumbered })
        {
            var change = claimed.Edit(claimed.Fields with { Certificate = sent }, byCertifier: false, Now.AddDays(1));
            Assert.Null(change.Certificate);
            Assert.Equal(claimed.PendingCertificate, change.Product.PendingCertificate);
            Assert.Equal(InForce, change.Product.Fields.Certificate);
        }
    }

    [Fact]
    public void A_producer_cannot_remove_the_recorded_certificate() =>
        Assert.Equal(["certificate"], Draft().Edit(Fields(null), byCertifier: false, Now).Refusals.Keys);

    [Fact]
    public void Confirming_puts_the_claim_in_force_and_lifts_the_revocation()
    {
        var claimed = Claimed(Revoked(Draft()), Renumbered);
        var change = claimed.ConfirmCertificate(Now);
        Assert.Equal(Renumbered, change.Product.Fields.Certificate);
        Assert.Null(change.Product.PendingCertificate);
        Assert.Null(change.Product.RevokedAt);
        Assert.Equal(CertificateState.Valid, change.Product.CertificateOn(Today)!.State);
        Assert.Equal(CertificateAction.Confirm, change.Certificate!.Action);
    }

    [Fact]
    public void Rejecting_drops_the_claim_and_nothing_else()
    {
        var claimed = Claimed(Revoked(Published()), Renumbered);
        var change = claimed.RejectCertificate("Không có quyết định này", Now);
        Assert.Equal(claimed with { PendingCertificate = null, UpdatedAt = Now }, change.Product);
        Assert.Equal("Không có quyết định này", change.Certificate!.Reason);
    }

    [Fact]
    public void Without_a_claim_there_is_nothing_to_confirm_or_reject()
    {
        Assert.Equal(["pendingCertificate"], Draft().ConfirmCertificate(Now).Refusals.Keys);
        Assert.Equal(["pendingCertificate"], Draft().RejectCertificate("x", Now).Refusals.Keys);
    }

    [Fact]
    public void The_departments_new_certificate_takes_effect_at_once_and_supersedes_the_claim()
    {
        var claimed = Claimed(Revoked(Draft()), Renumbered);
        var recertified = InForce with { IssueDate = new DateOnly(2026, 2, 1) };
        var change = claimed.Edit(claimed.Fields with { Certificate = recertified }, byCertifier: true, Now);
        Assert.Equal(recertified, change.Product.Fields.Certificate);
        Assert.Null(change.Product.PendingCertificate);
        Assert.Null(change.Product.RevokedAt);
        Assert.Equal(CertificateAction.Edit, change.Certificate!.Action);
    }

    [Fact]
    public void The_department_correcting_only_the_level_keeps_the_revocation()
    {
        var revoked = Revoked(Draft());
        var relevelled = revoked.Fields with { Certificate = InForce with { IssuingLevel = IssuingLevel.National } };
        var change = revoked.Edit(relevelled, byCertifier: true, Now);
        Assert.Equal(CertificateState.Revoked, change.Product.CertificateOn(Today)!.State);
    }

    [Fact]
    public void An_edit_leaving_the_certificate_as_it_is_records_no_certificate_change()
    {
        var listing = Draft();
        Assert.Null(listing.Edit(listing.Fields with { PriceVnd = 1 }, byCertifier: true, Now).Certificate);
    }
}
