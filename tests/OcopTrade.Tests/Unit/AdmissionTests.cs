using OcopTrade.Functions.Platform;

namespace OcopTrade.Tests.Unit;

public class AdmissionTests
{
    [Fact]
    public void Anonymous_callers_fill_only_their_share_and_callers_with_a_key_the_rest()
    {
        var admission = new Admission(capacity: 4, anonymousCapacity: 2);
        Assert.True(admission.TryEnter(anonymous: true));
        Assert.True(admission.TryEnter(anonymous: true));
        Assert.False(admission.TryEnter(anonymous: true));

        Assert.True(admission.TryEnter(anonymous: false));
        Assert.True(admission.TryEnter(anonymous: false));
        Assert.False(admission.TryEnter(anonymous: false));

        admission.Leave(anonymous: true);
        Assert.True(admission.TryEnter(anonymous: true));
    }

    [Fact]
    public void Callers_with_a_key_may_use_the_whole_capacity_and_then_anonymous_ones_wait()
    {
        var admission = new Admission(capacity: 2, anonymousCapacity: 1);
        Assert.True(admission.TryEnter(anonymous: false));
        Assert.True(admission.TryEnter(anonymous: false));
        Assert.False(admission.TryEnter(anonymous: true));

        admission.Leave(anonymous: false);
        Assert.True(admission.TryEnter(anonymous: true));
        Assert.False(admission.TryEnter(anonymous: true));
    }
}
