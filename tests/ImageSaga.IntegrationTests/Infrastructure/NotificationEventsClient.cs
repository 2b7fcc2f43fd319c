using System.Text.Json;
using System.Threading.Channels;

namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>
/// A client of <c>GET /api/users/{id}/notifications/stream</c>: reads the Server-Sent Events in the background and
/// hands over each event's type and JSON data.
/// </summary>
public sealed class NotificationEventsClient : IAsyncDisposable
{
    readonly HttpResponseMessage _response;
    readonly CancellationTokenSource _stop = new();
    readonly Channel<(string Type, JsonElement Data)> _events = Channel.CreateUnbounded<(string, JsonElement)>();
    readonly Task _reader;

    NotificationEventsClient(HttpResponseMessage response)
    {
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    public static async Task<NotificationEventsClient> OpenAsync(HttpClient http, string userId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/users/{userId}/notifications/stream");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var stream = new NotificationEventsClient(response);
        // The server sends "ready" once it has subscribed: events published after this are not missed.
        await stream.NextAsync("ready", TimeSpan.FromSeconds(10));
        return stream;
    }

    /// <summary>The next event of <paramref name="type"/> (others are skipped), within <paramref name="within"/>.</summary>
    public async Task<JsonElement> NextAsync(string type, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            var (eventType, data) = await _events.Reader.ReadAsync(timeout.Token);
            if (eventType == type)
                return data;
        }
    }

    async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string type = "message";
            var data = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0)
                        await _events.Writer.WriteAsync((type, JsonDocument.Parse(string.Join("\n", data)).RootElement.Clone()), _stop.Token);
                    type = "message";
                    data.Clear();
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                    type = line[6..].Trim();
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                    data.Add(line[5..].TrimStart());
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reader;
        _stop.Dispose();
    }
}
