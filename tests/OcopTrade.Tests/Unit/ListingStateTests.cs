using OcopTrade.Functions.Products;
using static OcopTrade.Tests.Unit.Listings;

namespace OcopTrade.Tests.Unit;

/// <summary>A listing's state changes as methods of the product: its next state, itself, or why it refuses.</summary>
public class ListingStateTests
{
    [Fact]
    public void A_complete_draft_is_published_now()
    {
        var change = Draft().Publish(Today, Now);
        Assert.True(change.Changed);
        Assert.Equal(ProductStatus.Published, change.Product.Status);
        Assert.Equal(Now, change.Product.PublishedAt);
        Assert.Null(change.Certificate);
    }

    [Fact]
    public void Publishing_a_published_listing_changes_nothing()
    {
        var listing = Published();
        var change = listing.Publish(Today, Now);
        Assert.False(change.Changed || change.Refused);
        Assert.Same(listing, change.Product);
    }

    [Fact]
    public void Publishing_is_refused_with_every_reason_and_the_listing_stays_as_it_was()
    {
        var listing = Revoked(Draft()) with { Fields = Fields(InForce) with { PriceVnd = null } };
        var change = listing.Publish(Today, Now);
        Assert.True(change.Refused);
        Assert.Equal(["certificate", "priceVnd"], change.Refusals.Keys.Order());
        Assert.Same(listing, change.Product);
    }

    [Fact]
    public void A_suspended_listing_is_taken_back_to_draft_and_a_draft_stays_one()
    {
        var suspended = Published() with { Status = ProductStatus.Suspended, StatusReason = "Hết hạn" };
        var draft = suspended.Unpublish(Now).Product;
        Assert.Equal((ProductStatus.Draft, null), (draft.Status, draft.StatusReason));
        Assert.False(draft.Unpublish(Now).Changed);
    }

    [Fact]
    public void A_published_listing_whose_certificate_expired_is_suspended_with_the_date_it_ended()
    {
        var change = Published(InForce with { IssueDate = new DateOnly(2023, 11, 21) }).SuspendForLapse(Today, Now);
        Assert.Equal(ProductStatus.Suspended, change.Product.Status);
        Assert.Equal("Giấy chứng nhận OCOP hết hạn ngày 21/11/2026; cần đánh giá lại.",
            change.Product.StatusReason);
    }

    [Fact]
    public void A_revoked_published_listing_is_suspended_as_revoked() => Assert.Equal(
        "Giấy chứng nhận OCOP bị thu hồi.", Revoked(Published()).SuspendForLapse(Today, Now).Product.StatusReason);

    [Fact]
    public void Suspension_is_refused_for_a_valid_certificate_or_a_listing_not_published()
    {
        Assert.Equal(["certificate"], Published().SuspendForLapse(Today, Now).Refusals.Keys);
        Assert.Equal(["status"], Revoked(Draft()).SuspendForLapse(Today, Now).Refusals.Keys);
    }

    [Fact]
    public void Revoking_suspends_a_published_listing_and_records_the_change()
    {
        var change = Published().Revoke("Vi phạm nhãn mác", Now);
        Assert.Equal((ProductStatus.Suspended, Now), (change.Product.Status, change.Product.RevokedAt));
        Assert.Equal("Giấy chứng nhận OCOP bị thu hồi: Vi phạm nhãn mác", change.Product.StatusReason);
        Assert.Equal(CertificateState.Revoked, change.Product.CertificateOn(Today)!.State);
        var recorded = new CertificateChange(
            CertificateAction.Revoke, new(InForce, false, null), new(InForce, true, null), "Vi phạm nhãn mác");
        Assert.Equal(recorded, change.Certificate);
    }

    [Fact]
    public void Revoking_a_draft_keeps_it_a_draft_and_revoking_twice_changes_nothing()
    {
        var revoked = Draft().Revoke("Vi phạm", Now).Product;
        Assert.Equal(ProductStatus.Draft, revoked.Status);
        Assert.False(revoked.Revoke("Lần nữa", Now).Changed);
    }

    [Fact]
    public void A_product_without_a_certificate_has_nothing_to_revoke() =>
        Assert.Equal(["certificate"], (Draft() with { Fields = Fields(null) }).Revoke("Vi phạm", Now).Refusals.Keys);
}
