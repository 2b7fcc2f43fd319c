using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace ImageSaga.Benchmarks.Infrastructure;

/// <summary>
/// A fresh virtual host on the broker (through the management HTTP API), so a scenario starts with empty queues and
/// leaves nothing behind; deleted on dispose. Adapted from the integration tests' <c>RabbitMqEndpoint</c>.
/// </summary>
sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    readonly Uri _management;
    readonly string _username;
    readonly string _password;

    RabbitMqVirtualHost(Uri amqp, Uri management, string username, string password, string name)
    {
        _management = management;
        _username = username;
        _password = password;
        Name = name;
        AmqpUri = new UriBuilder(amqp)
        {
            UserName = Uri.EscapeDataString(username),
            Password = Uri.EscapeDataString(password),
            Path = "/" + Uri.EscapeDataString(name),
        }.Uri;
    }

    public string Name { get; }

    /// <summary>The broker's AMQP address with this virtual host as its path, for <c>ImageSaga:Bus:RabbitMq:Uri</c>.</summary>
    public Uri AmqpUri { get; }

    public static async Task<RabbitMqVirtualHost> CreateAsync(Uri amqp, Uri? management)
    {
        var credentials = Uri.UnescapeDataString(amqp.UserInfo).Split(':', 2);
        var username = credentials.ElementAtOrDefault(0) is { Length: > 0 } user ? user : "guest";
        var password = credentials.ElementAtOrDefault(1) ?? "guest";
        management = new UriBuilder(management ?? new UriBuilder("http", amqp.Host, 15672).Uri) { UserName = "", Password = "" }.Uri;
        var virtualHost = new RabbitMqVirtualHost(amqp, management, username, password, $"imagesaga-bench-{Guid.NewGuid():N}");
        using var client = virtualHost.CreateManagementClient();
        (await client.PutAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost.Name)}", null)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(virtualHost.Name)}/{Uri.EscapeDataString(username)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return virtualHost;
    }

    public async ValueTask DisposeAsync()
    {
        using var client = CreateManagementClient();
        await client.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
    }

    HttpClient CreateManagementClient()
    {
        var client = new HttpClient { BaseAddress = _management, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_username}:{_password}")));
        return client;
    }
}
