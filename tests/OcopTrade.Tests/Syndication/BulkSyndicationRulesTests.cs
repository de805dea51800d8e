using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Tests.Syndication;

/// <summary>The rules of a bulk action without I/O: what a request may ask, how a page is counted into the progress,
/// and what a re-delivered page message does.</summary>
public class BulkSyndicationRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);

    private static BulkSyndicationRecord Bulk() => new()
    {
        Id = "abcdefghjkmn", Action = BulkAction.SendReady, Channel = "voso",
        Scope = BulkScope.Producer("producer0001"),
        Caller = new Caller(Role.Producer, "producer0001"), Total = 3, CreatedAt = Start, UpdatedAt = Start,
    };

    private static BulkSkip Skip(int n) =>
        new($"product{n:D5}", "Chè", "voso", [new ReadinessCheck("description", false, "Mô tả ít nhất 20 ký tự.")]);

    [Fact]
    public void Sending_needs_a_channel_and_a_retry_may_mean_every_channel()
    {
        var errors = new FieldErrors();
        Assert.Null(new BulkSyndicationRequest("sendReady", null).Validate(errors));
        Assert.Equal(["channel"], errors.ToDictionary().Keys);

        Assert.Equal((BulkAction.RetryAttention, null),
            new BulkSyndicationRequest("retryAttention", null).Validate(new()));
        Assert.Equal((BulkAction.SendReady, Channels.Shopee),
            new BulkSyndicationRequest("sendReady", "shopee").Validate(new()));
    }

    [Fact]
    public void An_unknown_action_or_channel_is_named_in_the_errors()
    {
        var errors = new FieldErrors();
        Assert.Null(new BulkSyndicationRequest("sendEverything", "lazada").Validate(errors));
        Assert.Equal(["action", "channel"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));

        var missing = new FieldErrors();
        Assert.Null(new BulkSyndicationRequest(null, "voso").Validate(missing));
        Assert.Equal(["action"], missing.ToDictionary().Keys);
    }

    [Fact]
    public void A_page_adds_its_counts_and_the_last_page_finishes_the_action()
    {
        var first = Bulk().Counting([new ProductOutcome(1, 0, []), new ProductOutcome(0, 0, [Skip(1)])], "next", Start);
        Assert.Equal((BulkState.Running, 2, 1, 1, 1, "next"),
            (first.State, first.Processed, first.Queued, first.Skipped, first.Page, first.ContinuationToken));

        var last = first.Counting([new ProductOutcome(0, 1, []), ProductOutcome.Failure], null, Start.AddSeconds(1));
        Assert.Equal((BulkState.Done, 4, 1, 1, 1, 1, 2), (last.State, last.Processed, last.Queued, last.Unchanged,
            last.Skipped, last.Failed, last.Page));
        // A product added while the action ran is counted too: the total follows.
        Assert.Equal(4, last.Total);
    }

    [Fact]
    public void The_skipped_products_listed_stop_at_the_cap_while_their_count_goes_on()
    {
        var outcomes = Enumerable.Range(0, BulkSyndicationRecord.SkippedListed + 5)
            .Select(n => new ProductOutcome(0, 0, [Skip(n)])).ToList();
        var counted = Bulk().Counting(outcomes, null, Start);
        Assert.Equal(BulkSyndicationRecord.SkippedListed + 5, counted.Skipped);
        Assert.Equal(BulkSyndicationRecord.SkippedListed, counted.SkippedProducts.Count);
        Assert.Equal("product00000", counted.SkippedProducts[0].ProductId);
    }

    [Fact]
    public void A_page_message_is_processed_only_at_the_checkpoint_and_one_counted_already_only_sends_its_next()
    {
        var running = Bulk().Counting([ProductOutcome.Nothing], "next", Start);
        Assert.Equal(PageTurn.Process, Bulk().Turn(0));
        Assert.Equal(PageTurn.Process, running.Turn(1));
        Assert.Equal(PageTurn.SendNext, running.Turn(0));
        Assert.Equal(PageTurn.Stale, running.Turn(3));
        Assert.Equal(PageTurn.Finished, running.Counting([], null, Start).Turn(1));
    }

    [Fact]
    public void An_action_still_queued_after_the_grace_never_began_and_one_running_or_fresh_did()
    {
        Assert.False(Bulk().NeverBegan(Start + BulkSyndicationRecord.StartGrace));
        Assert.True(Bulk().NeverBegan(Start + BulkSyndicationRecord.StartGrace + TimeSpan.FromSeconds(1)));
        var running = Bulk() with { State = BulkState.Running };
        Assert.False(running.NeverBegan(Start + TimeSpan.FromHours(1)));
    }
}
