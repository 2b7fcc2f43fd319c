using System.Net;
using System.Net.Sockets;
using System.Text;
using ImageSaga.Notifications.Webhooks;

namespace ImageSaga.Notifications.Tests.Webhooks;

/// <summary>Against a real Kestrel receiver on loopback, which only <see cref="WebhookOptions.AllowPrivateNetworks"/> lets the sender reach.</summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    const string Secret = "whsec_receiver";
    static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"image.analysis.completed","imageId":"42"}""");

    WebhookReceiver receiver = null!;

    public async ValueTask InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public ValueTask DisposeAsync() => receiver.DisposeAsync();

    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    static WebhookSender Sender(bool allowPrivateNetworks = true, int timeoutSeconds = 10, TimeProvider? clock = null) =>
        new(new WebhookOptions { AllowPrivateNetworks = allowPrivateNetworks, TimeoutSeconds = timeoutSeconds }, clock ?? TimeProvider.System);

    [Fact]
    public async Task Delivers_a_signed_body_the_receiver_can_verify()
    {
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        using var sender = Sender(clock: new FixedClock(sentAt));
        var deliveryId = Guid.NewGuid();

        var result = await sender.SendAsync(receiver.Url("/hook"), Secret, deliveryId, Body, Cancellation);

        result.ShouldBe(new WebhookDeliveryResult(WebhookOutcome.Delivered, 204, "HTTP 204"));
        var request = receiver.Requests.ShouldHaveSingleItem();
        request.Body.ShouldBe(Body);
        request.Headers["Content-Type"].ShouldBe("application/json");
        request.Headers["User-Agent"].ShouldBe("ImageSaga-Webhooks/1.0");
        request.Headers[WebhookSignature.DeliveryHeader].ShouldBe(deliveryId.ToString());
        request.Headers[WebhookSignature.TimestampHeader].ShouldBe("1700000000");
        WebhookSignature.Verify(Secret, request.Headers[WebhookSignature.TimestampHeader], request.Headers[WebhookSignature.SignatureHeader],
            request.Body, sentAt.AddSeconds(3)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_server_error_is_retried_with_the_status_and_the_start_of_the_body_in_the_detail()
    {
        using var sender = Sender();

        var result = await sender.SendAsync(receiver.Url("/status/500"), Secret, Guid.NewGuid(), Body, Cancellation);

        result.ShouldBe(new WebhookDeliveryResult(WebhookOutcome.Retry, 500, "HTTP 500: the receiver says 500 see logs"));
    }

    [Theory]
    [InlineData(502, WebhookOutcome.Retry)]
    [InlineData(503, WebhookOutcome.Retry)]
    [InlineData(408, WebhookOutcome.Retry)]
    [InlineData(429, WebhookOutcome.Retry)]
    [InlineData(400, WebhookOutcome.Failed)]
    [InlineData(401, WebhookOutcome.Failed)]
    [InlineData(404, WebhookOutcome.Failed)]
    [InlineData(410, WebhookOutcome.Failed)]
    public async Task Retries_only_the_statuses_that_may_change(int status, WebhookOutcome outcome)
    {
        using var sender = Sender();

        var result = await sender.SendAsync(receiver.Url($"/status/{status}"), Secret, Guid.NewGuid(), Body, Cancellation);

        result.Outcome.ShouldBe(outcome);
        result.StatusCode.ShouldBe(status);
        result.Detail.ShouldStartWith($"HTTP {status}");
    }

    [Fact]
    public async Task Keeps_only_a_short_snippet_of_a_long_error_body()
    {
        using var sender = Sender();

        var result = await sender.SendAsync(receiver.Url("/long-error"), Secret, Guid.NewGuid(), Body, Cancellation);

        result.Detail.ShouldBe("HTTP 500: " + new string('x', 200) + "…");
    }

    [Fact]
    public async Task A_redirect_fails_without_being_followed()
    {
        using var sender = Sender();

        var result = await sender.SendAsync(receiver.Url("/redirect"), Secret, Guid.NewGuid(), Body, Cancellation);

        result.Outcome.ShouldBe(WebhookOutcome.Failed);
        result.StatusCode.ShouldBe(302);
        result.Detail.ShouldBe("HTTP 302: redirect to /hook not followed");
        receiver.Requests.ShouldHaveSingleItem().Path.ShouldBe("/redirect");
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_retried()
    {
        using var sender = Sender(timeoutSeconds: 1);

        var result = await sender.SendAsync(receiver.Url("/slow"), Secret, Guid.NewGuid(), Body, Cancellation);

        result.ShouldBe(new WebhookDeliveryResult(WebhookOutcome.Retry, null, "timed out after 1 s"));
    }

    [Fact]
    public async Task The_callers_cancellation_is_thrown_not_reported_as_a_timeout()
    {
        using var sender = Sender();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() =>
            sender.SendAsync(receiver.Url("/slow"), Secret, Guid.NewGuid(), Body, cancellation.Token));
    }

    [Fact]
    public async Task A_closed_port_is_retried()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var sender = Sender();

        var result = await sender.SendAsync(new Uri($"http://127.0.0.1:{closedPort}/hook"), Secret, Guid.NewGuid(), Body, Cancellation);

        result.ShouldBe(new WebhookDeliveryResult(WebhookOutcome.Retry, null, $"connection refused by 127.0.0.1:{closedPort}"));
    }

    [Fact]
    public async Task Refuses_a_loopback_receiver_without_connecting_to_it()
    {
        using var sender = Sender(allowPrivateNetworks: false);

        var result = await sender.SendAsync(receiver.Url("/hook"), Secret, Guid.NewGuid(), Body, Cancellation);

        result.ShouldBe(new WebhookDeliveryResult(WebhookOutcome.Refused, null, "refused: 127.0.0.1 is a loopback address"));
        receiver.Connections.ShouldBe(0);
        receiver.Requests.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Refuses_a_host_name_that_resolves_to_loopback()
    {
        using var sender = Sender(allowPrivateNetworks: false);

        var result = await sender.SendAsync(new Uri($"http://localhost:{receiver.Port}/hook"), Secret, Guid.NewGuid(), Body, Cancellation);

        result.Outcome.ShouldBe(WebhookOutcome.Refused);
        result.Detail.ShouldStartWith("refused: localhost: ");
        result.Detail.ShouldContain("is a loopback address");
        receiver.Connections.ShouldBe(0);
    }

    [Theory]
    [InlineData("http://[::1]:9/hook", "refused: ::1 is a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]:9/hook", "refused: ::ffff:127.0.0.1 is a loopback address (IPv4-mapped 127.0.0.1)")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address (the cloud metadata endpoint)")]
    [InlineData("http://0x7f.1:9/hook", "refused: 127.0.0.1 is a loopback address")]
    public async Task Refuses_private_address_literals_in_any_spelling(string url, string detail)
    {
        using var sender = Sender(allowPrivateNetworks: false);

        var result = await sender.SendAsync(new Uri(url), Secret, Guid.NewGuid(), Body, Cancellation);

        result.ShouldBe(new WebhookDeliveryResult(WebhookOutcome.Refused, null, detail));
    }

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/hook")]
    public async Task Refuses_urls_that_are_not_absolute_http(string url)
    {
        using var sender = Sender();

        var result = await sender.SendAsync(new Uri(url, UriKind.RelativeOrAbsolute), Secret, Guid.NewGuid(), Body, Cancellation);

        result.ShouldBe(new WebhookDeliveryResult(WebhookOutcome.Refused, null, "refused: only absolute http and https URLs can be webhooks"));
    }
}
