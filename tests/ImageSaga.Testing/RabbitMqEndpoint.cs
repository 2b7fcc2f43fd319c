using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace ImageSaga.Testing;

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

    /// <summary>
    /// A fresh virtual host, so each test class or benchmark scenario has its own exchanges and empty queues and leaves
    /// nothing behind; deleted on dispose.
    /// </summary>
    public async Task<RabbitMqVirtualHost> CreateVirtualHostAsync(string namePrefix = "imagesaga-test")
    {
        var name = $"{namePrefix}-{Guid.NewGuid():N}";
        using var client = CreateManagementClient();
        (await client.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(Username)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new RabbitMqVirtualHost(this, name);
    }
}
