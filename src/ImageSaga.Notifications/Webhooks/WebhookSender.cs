using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace ImageSaga.Notifications.Webhooks;

/// <summary>
/// POSTs a signed JSON body to a user's webhook URL and says whether it arrived and, if not, whether to retry.
/// Delivery problems are results, never exceptions; only the caller's cancellation throws.
/// </summary>
/// <remarks>
/// The address check runs in the connect callback, on the addresses the connection is actually made to, not on the
/// URL: a host name that resolves to a private address (or is re-pointed there after a first check, DNS rebinding)
/// is refused at connect time. Redirects are not followed, and no proxy is used, so neither can bypass it.
/// One instance owns a connection pool; register it as a singleton (<see cref="WebhookRegistration.AddWebhookSender"/>).
/// </remarks>
public sealed class WebhookSender : IWebhookSender, IDisposable
{
    const int DetailSnippetChars = 200;

    readonly WebhookOptions options;
    readonly TimeProvider clock;
    readonly OutboundAddressPolicy policy;
    readonly HttpClient client;

    public WebhookSender(WebhookOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        this.options = options;
        this.clock = clock;
        policy = new OutboundAddressPolicy(options.AllowPrivateNetworks);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectToAllowedAddressAsync,
            AllowAutoRedirect = false,
            UseProxy = false,
            // Cookies set by one user's receiver must never be sent to another's.
            UseCookies = false,
            // Pooled connections outlive DNS changes; recycling them keeps a moved receiver reachable.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        // The timeout is applied per request below, where it can be told apart from the caller's cancellation.
        client = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// POSTs <paramref name="jsonBody"/> to <paramref name="url"/> with the <see cref="WebhookSignature"/> headers,
    /// signed with <paramref name="secret"/>. <paramref name="deliveryId"/> goes in <c>X-ImageSaga-Delivery</c> and
    /// should be the same on every attempt of one delivery, so receivers can drop duplicates.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public async Task<WebhookDeliveryResult> SendAsync(Uri url, string secret, Guid deliveryId, ReadOnlyMemory<byte> jsonBody,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return new WebhookDeliveryResult(WebhookOutcome.Refused, null, "refused: only absolute http and https URLs can be webhooks");

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ReadOnlyMemoryContent(jsonBody),
            // Never HTTP/3 (even if a receiver advertises it): QUIC connections do not go through the connect callback.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, jsonBody.Span));
        request.Headers.Add(WebhookSignature.DeliveryHeader, deliveryId.ToString("D"));

        using var timeout = new CancellationTokenSource(options.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Headers only: the body is read, up to a small limit, just when it explains a failure.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return await ClassifyAsync(response, linked.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookDeliveryResult(WebhookOutcome.Retry, null, $"timed out after {options.TimeoutSeconds} s");
        }
        catch (HttpRequestException exception) when (Find<OutboundAddressRefusedException>(exception) is { } refused)
        {
            return new WebhookDeliveryResult(WebhookOutcome.Refused, null, $"refused: {refused.Message}");
        }
        catch (HttpRequestException exception)
        {
            return new WebhookDeliveryResult(WebhookOutcome.Retry, null, DescribeConnectionFailure(exception, url));
        }
    }

    public void Dispose() => client.Dispose();

    async Task<WebhookDeliveryResult> ClassifyAsync(HttpResponseMessage response, CancellationToken requestToken, CancellationToken callerToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
            return new WebhookDeliveryResult(WebhookOutcome.Delivered, status, $"HTTP {status}");
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location is { } target ? $" to {target}" : "";
            return new WebhookDeliveryResult(WebhookOutcome.Failed, status, $"HTTP {status}: redirect{location} not followed");
        }

        // 408 and 429 are the receiver asking to be called again later; any other 4xx will fail the same way again.
        var outcome = status is >= 500 or 408 or 429 ? WebhookOutcome.Retry : WebhookOutcome.Failed;
        var snippet = await ReadSnippetAsync(response, requestToken, callerToken);
        return new WebhookDeliveryResult(outcome, status, snippet.Length == 0 ? $"HTTP {status}" : $"HTTP {status}: {snippet}");
    }

    /// <summary>The start of the response body as one line of text; whatever arrived before a read error or the timeout.</summary>
    async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken requestToken, CancellationToken callerToken)
    {
        var buffer = new byte[options.MaxResponseBytesRead];
        var read = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(requestToken);
            while (read < buffer.Length)
            {
                var count = await stream.ReadAsync(buffer.AsMemory(read), requestToken);
                if (count == 0)
                    break;
                read += count;
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException
            || (exception is OperationCanceledException && !callerToken.IsCancellationRequested))
        {
            // The status alone decides the outcome; a body cut short only makes the detail shorter.
        }
        return ToOneLine(Encoding.UTF8.GetString(buffer, 0, read));
    }

    static string ToOneLine(string text)
    {
        var line = new StringBuilder(Math.Min(text.Length, DetailSnippetChars));
        foreach (var character in text)
        {
            var printable = char.IsControl(character) || char.IsWhiteSpace(character) ? ' ' : character;
            if (printable == ' ' && (line.Length == 0 || line[^1] == ' '))
                continue;
            if (line.Length == DetailSnippetChars)
                return line.ToString().TrimEnd() + "…";
            line.Append(printable);
        }
        return line.ToString().TrimEnd();
    }

    /// <summary>
    /// Resolves the host, drops every address the policy refuses and connects to the first allowed one that answers.
    /// Because this runs for each new connection, the check covers the address actually used, whatever DNS said earlier.
    /// </summary>
    async ValueTask<Stream> ConnectToAllowedAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var isLiteral = IPAddress.TryParse(host, out var literal);
        var candidates = isLiteral ? [literal!] : await Dns.GetHostAddressesAsync(host, cancellationToken);

        var allowed = new List<IPAddress>(candidates.Length);
        string? firstRefusal = null;
        foreach (var candidate in candidates)
        {
            if (policy.Allows(candidate, out var refusal))
                allowed.Add(candidate);
            else
                firstRefusal ??= refusal;
        }
        if (allowed.Count == 0)
        {
            if (firstRefusal is null)
                throw new SocketException((int)SocketError.HostNotFound);
            throw new OutboundAddressRefusedException(isLiteral ? firstRefusal : $"{host}: {firstRefusal}");
        }

        SocketException? lastFailure = null;
        foreach (var address in allowed)
        {
            // Dual mode, so IPv4 and IPv4-mapped addresses connect through the same socket type.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                lastFailure = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw lastFailure!;
    }

    static string DescribeConnectionFailure(HttpRequestException exception, Uri url)
    {
        var endpoint = $"{url.IdnHost}:{url.Port}";
        if (Find<SocketException>(exception) is { } socketFailure)
        {
            return socketFailure.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"DNS lookup failed for {url.IdnHost}",
                SocketError.ConnectionRefused => $"connection refused by {endpoint}",
                SocketError.TimedOut => $"connection to {endpoint} timed out",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"{endpoint} is unreachable",
                _ => $"connection to {endpoint} failed: {socketFailure.Message}",
            };
        }
        return exception.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => $"TLS handshake with {endpoint} failed: {exception.InnerException?.Message ?? exception.Message}",
            HttpRequestError.ResponseEnded => $"{endpoint} closed the connection without a complete response",
            HttpRequestError.InvalidResponse => $"{endpoint} sent an invalid HTTP response",
            _ => $"request to {endpoint} failed: {exception.Message}",
        };
    }

    static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
                return match;
        }
        return null;
    }
}
