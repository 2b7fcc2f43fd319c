using System.Net.Http.Json;
using System.Text.Json;

namespace ImageSaga.Testing;

/// <summary>A virtual host of its own on the broker; see <see cref="RabbitMqEndpoint.CreateVirtualHostAsync"/>.</summary>
public sealed class RabbitMqVirtualHost(RabbitMqEndpoint broker, string name) : IAsyncDisposable
{
    public RabbitMqEndpoint Broker { get; } = broker;

    public string Name { get; } = name;

    public Uri AmqpUri => new UriBuilder(Broker.Amqp)
    {
        UserName = Uri.EscapeDataString(Broker.Username),
        Password = Uri.EscapeDataString(Broker.Password),
        Path = "/" + Uri.EscapeDataString(Name),
    }.Uri;

    /// <summary>
    /// A queue's consumer count as the management UI shows it (0 for a queue that does not exist), once it equals <paramref name="expected"/> or after
    /// 20 s: the management API's figures are statistics, refreshed every few seconds.
    /// </summary>
    public async Task<int> ConsumersAsync(string queue, int expected)
    {
        using var management = Broker.CreateManagementClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await management.GetAsync($"api/queues/{Uri.EscapeDataString(Name)}/{queue}");
            // A queue nobody declared has no consumers either.
            var consumers = response.StatusCode == System.Net.HttpStatusCode.NotFound
                ? 0
                : (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("consumers", out var count) ? count.GetInt32() : 0;
            if (consumers == expected || DateTime.UtcNow > deadline)
                return consumers;
            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var client = Broker.CreateManagementClient();
        await client.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
    }
}
