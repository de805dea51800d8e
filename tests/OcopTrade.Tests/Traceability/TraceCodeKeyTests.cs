using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Tests.Traceability;

/// <summary>Where the trace code keys come from, and rotating them (unit; the app-level tests are in
/// <see cref="TraceCodeKeyAppTests"/>).</summary>
public class TraceCodeKeyTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    private static byte[] NoGeneratedKey() =>
        throw new InvalidOperationException("A configured key must not touch the key ring.");

    private static void Start(IConfiguration settings) => new ServiceCollection().AddTraceability(settings);

    [Theory]
    [InlineData("WEBSITE_SITE_NAME", "func-ocop-prod")]
    [InlineData("WEBSITE_INSTANCE_ID", "0a1b2c3d")]
    public void In_Azure_the_app_refuses_to_start_without_a_trace_code_key(string variable, string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Start(Settings((variable, value))));
        Assert.Contains("Ocop:TraceCodeKey", refused.Message);
        // The same app with its key from Key Vault starts.
        Start(Settings((variable, value), ("Ocop:TraceCodeKey", "k3y-from-key-vault")));
    }

    [Fact]
    public void An_unresolved_Key_Vault_reference_is_not_taken_for_a_key()
    {
        var reference = "@Microsoft.KeyVault(SecretUri=https://kv-ocop.vault.azure.net/secrets/ocop-trace-code-key/)";
        Assert.Throws<InvalidOperationException>(() => Start(Settings(("Ocop:TraceCodeKey", reference))));
        Assert.Throws<InvalidOperationException>(() =>
            Start(Settings(("Ocop:TraceCodeKey", "k3y"), ("Ocop:PreviousTraceCodeKeys:0", reference))));
    }

    [Fact]
    public void Outside_Azure_without_a_key_the_key_ring_supplies_one()
    {
        var generated = RandomNumberGenerator.GetBytes(32);
        var keys = TraceKeySettings.Read(Settings(("Ocop:AdminApiKey", "an-admin-key"))).Keys(() => generated);
        Assert.Equal(generated, keys.Current);
        Assert.Empty(keys.Previous);
    }

    [Fact]
    public void Codes_made_under_a_configured_key_before_rotation_existed_stay_valid()
    {
        // Exactly how the app made its key from Ocop:TraceCodeKey until now.
        var before = new TraceCode(SHA256.HashData(Encoding.UTF8.GetBytes("ocop-trace-code|" + "the-production-secret")));
        var settings = TraceKeySettings.Read(Settings(("Ocop:TraceCodeKey", "the-production-secret")));
        var now = new TraceCode(settings.Keys(NoGeneratedKey));
        for (var i = 0; i < 50; i++)
        {
            var code = before.New();
            Assert.Equal(code, now.Verify(code));
        }
    }

    [Fact]
    public void After_a_rotation_old_labels_verify_and_new_codes_take_the_new_key()
    {
        var old = new TraceCode(TraceCodeKeys.FromSecret("old-secret"));
        var printed = Enumerable.Range(0, 50).Select(_ => old.New()).ToList();
        var rotated = new TraceCode(TraceKeySettings.Read(Settings(
            ("Ocop:TraceCodeKey", "new-secret"), ("Ocop:PreviousTraceCodeKeys:0", "old-secret"))).Keys(NoGeneratedKey));

        Assert.All(printed, code => Assert.Equal(code, rotated.Verify(code)));
        var fresh = Enumerable.Range(0, 100).Select(_ => rotated.New()).ToList();
        var underNewKeyOnly = new TraceCode(TraceCodeKeys.FromSecret("new-secret"));
        Assert.All(fresh, code => Assert.Equal(code, underNewKeyOnly.Verify(code)));
        // Made with the new key, they pass the old key's 15-bit check only by chance (once in 32 768 each).
        Assert.True(fresh.Count(code => old.Verify(code) is not null) <= 1);
        // Once the old key is dropped from the list, its labels stop verifying.
        Assert.True(printed.Count(code => underNewKeyOnly.Verify(code) is not null) <= 1);
    }
}
