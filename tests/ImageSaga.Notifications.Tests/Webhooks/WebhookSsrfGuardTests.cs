using System.Text;
using ImageSaga.Notifications.Webhooks;

namespace ImageSaga.Notifications.Tests.Webhooks;

/// <summary>
/// The webhook sender cannot be made to call an internal address (SSRF): not by the URL itself, in any spelling, not by
/// a host name that resolves there, and not by a receiver that redirects there. Real Kestrel listeners on loopback play
/// both the receiver and the internal service it points at.
/// </summary>
public sealed class WebhookSsrfGuardTests : IAsyncLifetime
{
    const string Secret = "whsec_receiver";
    static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"image.analysis.completed","imageId":"42"}""");

    WebhookReceiver receiver = null!;
    WebhookReceiver internalService = null!;

    public async ValueTask InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        internalService = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await receiver.DisposeAsync();
        await internalService.DisposeAsync();
    }

    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    static WebhookSender Sender(bool allowPrivateNetworks) =>
        new(new WebhookOptions { AllowPrivateNetworks = allowPrivateNetworks, TimeoutSeconds = 5 }, TimeProvider.System);

    public static TheoryData<int, string> Redirects()
    {
        var data = new TheoryData<int, string>();
        // {port} is the internal service's port; the metadata endpoint and the private addresses would only time out.
        string[] locations =
        [
            "http://127.0.0.1:{port}/hook", "http://localhost:{port}/hook", "http://[::ffff:127.0.0.1]:{port}/hook",
            "http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/latest/meta-data/",
            "http://10.0.0.1/hook", "http://192.168.1.1/hook", "http://[fd00::1]/hook", "http://[fe80::1]/hook", "http://0.0.0.0:{port}/hook",
        ];
        foreach (var status in new[] { 301, 302, 303, 307, 308 })
            foreach (var location in locations)
                data.Add(status, location);
        return data;
    }

    /// <summary>
    /// Redirects are never followed, so no hop after the first can reach anything: even with private networks allowed
    /// (so that the loopback receiver is reachable at all), the internal service the receiver points at gets no connection.
    /// </summary>
    [Theory]
    [MemberData(nameof(Redirects))]
    public async Task A_redirect_to_an_internal_address_is_not_followed(int status, string location)
    {
        using var sender = Sender(allowPrivateNetworks: true);
        var target = location.Replace("{port}", internalService.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var url = receiver.Url($"/redirect-to?status={status}&location={Uri.EscapeDataString(target)}");

        var result = await sender.SendAsync(url, Secret, Guid.NewGuid(), Body, Cancellation);

        result.Outcome.ShouldBe(WebhookOutcome.Failed, result.Detail);
        result.StatusCode.ShouldBe(status);
        result.Detail.ShouldEndWith("not followed");
        receiver.Requests.ShouldHaveSingleItem();
        internalService.Connections.ShouldBe(0, $"the sender followed the redirect to {target}");
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://2130706433:{port}/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1:{port}/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://localhost:{port}/hook", "is a loopback address")]
    [InlineData("http://[::1]:{port}/hook", "::1 is a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/hook", "loopback address (IPv4-mapped 127.0.0.1)")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/", "link-local address (the cloud metadata endpoint) (IPv4-mapped 169.254.169.254)")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address (the cloud metadata endpoint)")]
    [InlineData("http://169.254.10.20/hook", "link-local")]
    [InlineData("http://10.20.30.40/hook", "10.20.30.40 is a private address")]
    [InlineData("http://172.16.0.1/hook", "private")]
    [InlineData("http://172.31.255.254/hook", "private")]
    [InlineData("http://192.168.0.10/hook", "private")]
    [InlineData("http://[fc00::1]/hook", "private (unique local)")]
    [InlineData("http://[fdff:ffff::1]/hook", "private (unique local)")]
    [InlineData("http://[fe80::1]/hook", "link-local")]
    [InlineData("http://[febf::1]/hook", "link-local")]
    [InlineData("http://[::ffff:10.0.0.1]/hook", "private address (IPv4-mapped 10.0.0.1)")]
    [InlineData("http://[::ffff:192.168.1.1]/hook", "private address (IPv4-mapped 192.168.1.1)")]
    [InlineData("http://0.0.0.0:{port}/hook", "unspecified")]
    [InlineData("http://[::]:{port}/hook", "unspecified")]
    public async Task Refuses_internal_destinations_at_connect_time_without_connecting(string url, string reason)
    {
        using var sender = Sender(allowPrivateNetworks: false);
        var target = new Uri(url.Replace("{port}", internalService.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var result = await sender.SendAsync(target, Secret, Guid.NewGuid(), Body, Cancellation);

        result.Outcome.ShouldBe(WebhookOutcome.Refused, result.Detail);
        result.Detail.ShouldStartWith("refused: ");
        result.Detail.ShouldContain(reason);
        internalService.Connections.ShouldBe(0);
    }

    /// <summary>
    /// The check is made when each connection is opened, on the addresses DNS gives then, so a name that passed an
    /// earlier check cannot be re-pointed inside afterwards (DNS rebinding): nothing is remembered between sends.
    /// </summary>
    [Fact]
    public async Task Checks_every_send_again_rather_than_remembering_an_earlier_answer()
    {
        using var sender = Sender(allowPrivateNetworks: false);
        var url = new Uri($"http://localhost:{internalService.Port}/hook");

        for (var attempt = 0; attempt < 3; attempt++)
            (await sender.SendAsync(url, Secret, Guid.NewGuid(), Body, Cancellation)).Outcome.ShouldBe(WebhookOutcome.Refused);

        internalService.Connections.ShouldBe(0);
    }
}
