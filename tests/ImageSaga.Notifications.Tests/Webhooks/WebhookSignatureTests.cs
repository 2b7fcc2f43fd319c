using System.Text;
using ImageSaga.Notifications.Webhooks;

namespace ImageSaga.Notifications.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    const string Secret = "whsec_test";
    const long Timestamp = 1_700_000_000;
    static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"hello":"world"}""");
    static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void Signs_the_timestamp_and_raw_body_as_documented()
    {
        // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test', b'1700000000.{\"hello\":\"world\"}', hashlib.sha256).hexdigest())"
        WebhookSignature.Sign(Secret, Timestamp, Body)
            .ShouldBe("sha256=f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b");
    }

    [Fact]
    public void Verifies_its_own_signature()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        WebhookSignature.Verify(Secret, "1700000000", signature, Body, SignedAt.AddSeconds(42)).ShouldBeTrue();
    }

    [Fact]
    public void Rejects_a_tampered_body()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);
        var tampered = Encoding.UTF8.GetBytes("""{"hello":"World"}""");

        WebhookSignature.Verify(Secret, "1700000000", signature, tampered, SignedAt).ShouldBeFalse();
    }

    [Fact]
    public void Rejects_another_secret()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        WebhookSignature.Verify("whsec_other", "1700000000", signature, Body, SignedAt).ShouldBeFalse();
    }

    [Fact]
    public void Rejects_a_timestamp_moved_to_replay_the_signature()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        WebhookSignature.Verify(Secret, "1700000100", signature, Body, SignedAt.AddSeconds(100)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(299, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    [InlineData(86_400, false)]
    public void Accepts_a_timestamp_only_within_the_tolerance_either_way(int receivedSecondsLater, bool accepted)
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        WebhookSignature.Verify(Secret, "1700000000", signature, Body, SignedAt.AddSeconds(receivedSecondsLater), TimeSpan.FromMinutes(5))
            .ShouldBe(accepted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData(" 1700000000")]
    [InlineData("+1700000000")]
    [InlineData("1700000000.0")]
    [InlineData("1.7e9")]
    [InlineData("99999999999999999999999")]
    public void Rejects_a_malformed_timestamp_header(string? timestampHeader)
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        WebhookSignature.Verify(Secret, timestampHeader, signature, Body, SignedAt).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b")]
    [InlineData("sha1=f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b")]
    [InlineData("SHA256=f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b")]
    [InlineData("sha256=f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0")]
    [InlineData("sha256=f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b0")]
    [InlineData("sha256=z592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b")]
    [InlineData("sha256= f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0")]
    public void Rejects_a_malformed_signature_header(string? signatureHeader)
    {
        WebhookSignature.Verify(Secret, "1700000000", signatureHeader, Body, SignedAt).ShouldBeFalse();
    }
}
