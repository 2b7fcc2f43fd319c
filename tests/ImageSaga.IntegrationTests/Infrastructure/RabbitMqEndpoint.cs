using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;

namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>A RabbitMQ broker: AMQP for the bus, the management HTTP API for virtual hosts and queue inspection.</summary>
public sealed class RabbitMqEndpoint
{
    RabbitMqEndpoint(Uri amqp, Uri management, string username, string password)
    {
        Amqp = amqp;
        Management = management;
        Username = username;
        Password = password;
    }

    public Uri Amqp { get; }

    public Uri Management { get; }

    public string Username { get; }

    public string Password { get; }

    public static RabbitMqEndpoint From(Uri amqp, Uri? management)
    {
        var credentials = Uri.UnescapeDataString(amqp.UserInfo).Split(':', 2);
        var username = credentials.ElementAtOrDefault(0) is { Length: > 0 } user ? user : "guest";
        var password = credentials.ElementAtOrDefault(1) ?? "guest";
        management ??= new UriBuilder("http", amqp.Host, 15672).Uri;
        return new RabbitMqEndpoint(amqp, new UriBuilder(management) { UserName = "", Password = "" }.Uri, username, password);
    }

    public HttpClient CreateManagementClient()
    {
        var client = new HttpClient { BaseAddress = Management, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        return client;
    }

    /// <summary>A fresh virtual host, so each test class has its own exchanges and queues; deleted on dispose.</summary>
    public async Task<RabbitMqVirtualHost> CreateVirtualHostAsync()
    {
        var name = $"imagesaga-test-{Guid.NewGuid():N}";
        using var client = CreateManagementClient();
        (await client.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(Username)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new RabbitMqVirtualHost(this, name);
    }
}

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
