using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.EndToEnd;

namespace ImageSaga.Console.Tests.Infrastructure;

/// <summary>
/// The console against RabbitMQ and PostgreSQL with API keys required (the distributed configuration always requires
/// them): the whole pipeline in one host process on its own virtual host and database (DistributedDeployment), with
/// moderation set to flag every photo so that each waits in the review queue; and a browser. Needs the servers the
/// integration tests need, and skips (or fails under CI) the same way without them.
/// </summary>
public sealed class DistributedConsole : IAsyncDisposable
{
    static readonly string[] ReviewerRoles = ["user", "reviewer"];
    readonly Lazy<Task<(DistributedDeployment Deployment, HostProcess Host)>> _started = new(StartAsync);

    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(90);

    public ConsoleBrowser Browser { get; } = new();

    public async Task<(DistributedDeployment Deployment, HostProcess Host)> StartedAsync()
    {
        await Browser.RequireAsync();
        return await _started.Value;
    }

    public async Task<ImageSagaApi> AdminAsync() => new((await StartedAsync()).Host.BaseAddress, DistributedDeployment.AdminKey);

    /// <summary>A new API key for <paramref name="userId"/> (a reviewer too when asked), created with the admin key.</summary>
    public async Task<string> CreateKeyAsync(string userId, bool reviewer = false)
    {
        using var admin = await AdminAsync();
        using var response = await admin.Http.PostAsJsonAsync("/api/keys", new { userId, roles = reviewer ? ReviewerRoles : null, name = "console tests" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async Task<ConsolePage> OpenAsync(string? apiKey = null) => await Browser.OpenAsync((await StartedAsync()).Host.BaseAddress, apiKey);

    static async Task<(DistributedDeployment, HostProcess)> StartAsync()
    {
        var deployment = await DistributedDeployment.CreateAsync(withVision: true);
        try
        {
            // Any probability above zero flags: every photo goes to review.
            deployment.Settings["ImageSaga__Vision__Moderation__SexyAbove"] = "0";
            deployment.Settings["ImageSaga__Vision__Moderation__PornPlusHentaiAbove"] = "0";
            // Where the broker's management API is (Testcontainers maps it to another port than 15672).
            deployment.Settings["ImageSaga__Bus__RabbitMq__ManagementUri"] = deployment.VirtualHost.Broker.Management.ToString();
            var host = await deployment.StartAsync("all");
            return (deployment, host);
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    public string Logs => _started.IsValueCreated && _started.Value.IsCompletedSuccessfully ? _started.Value.Result.Deployment.Logs : "";

    public async ValueTask DisposeAsync()
    {
        if (_started.IsValueCreated && _started.Value.IsCompletedSuccessfully)
            await (await _started.Value).Deployment.DisposeAsync();
        await Browser.DisposeAsync();
    }
}
