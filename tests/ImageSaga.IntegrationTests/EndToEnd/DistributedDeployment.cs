using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>
/// A fresh distributed deployment for one test: its own RabbitMQ virtual host, PostgreSQL database and image folder,
/// and the host executable started once per service.
/// </summary>
public sealed class DistributedDeployment : IAsyncDisposable
{
    readonly List<HostProcess> _processes = [];

    DistributedDeployment(RabbitMqVirtualHost virtualHost, PostgresDatabase database, string dataFolder, bool withVision)
    {
        WithVision = withVision;
        VirtualHost = virtualHost;
        Database = database;
        DataFolder = dataFolder;
    }

    /// <summary>Whether the saga runs the four vision steps and enrichment (and the test starts their services).</summary>
    public bool WithVision { get; }

    public RabbitMqVirtualHost VirtualHost { get; }

    public PostgresDatabase Database { get; }

    public string DataFolder { get; }

    public string ImageStoreRoot => Path.Combine(DataFolder, "images");

    /// <summary>The deployment's configured admin key (the distributed configuration always requires keys).</summary>
    public const string AdminKey = "test-admin-key-that-is-long-enough";

    /// <summary>Extra environment for the processes started after it is set (e.g. webhook policy for notifications).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Short timeouts, so recovery from lost commands shows within a test's patience.</summary>
    public Dictionary<string, string> Environment
    {
        get
        {
            var environment = BaseEnvironment;
            foreach (var step in new[] { "detection", "classification", "faces", "moderation", "enrichment" })
                environment[$"ImageSaga__Analysis__Steps__{step}__Enabled"] = WithVision ? "true" : "false";
            foreach (var (key, value) in Settings)
                environment[key] = value;
            return environment;
        }
    }

    Dictionary<string, string> BaseEnvironment => new()
    {
        ["ImageSaga__Bus__Transport"] = "RabbitMQ",
        ["ImageSaga__Api__AdminKey"] = AdminKey,
        ["ImageSaga__Bus__RabbitMq__Uri"] = VirtualHost.AmqpUri.ToString(),
        ["ImageSaga__Persistence__Provider"] = "Postgres",
        ["ImageSaga__Persistence__ConnectionString"] = Database.ConnectionString,
        ["ImageSaga__DataFolder"] = DataFolder,
        ["ImageSaga__Analysis__Steps__metadata__TimeoutSeconds"] = "8",
        ["ImageSaga__Analysis__Steps__fingerprint__TimeoutSeconds"] = "8",
        ["ImageSaga__Analysis__OutcomeConfirmationGrace"] = "00:00:20",
    };

    public static async Task<DistributedDeployment> CreateAsync(bool withVision = false)
    {
        var broker = await TestInfrastructure.RequireRabbitMqAsync();
        var database = await TestInfrastructure.CreatePostgresDatabaseAsync();
        var virtualHost = await broker.CreateVirtualHostAsync();
        var dataFolder = Directory.CreateTempSubdirectory("imagesaga-e2e-").FullName;
        return new DistributedDeployment(virtualHost, database, dataFolder, withVision);
    }

    public async Task<HostProcess> StartAsync(string services)
    {
        var process = await HostProcess.StartAsync(services, services, Environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// Puts bytes into the image store and publishes their claim check as plain JSON through the management API, past
    /// the HTTP API's checks (as an operator or another system would): the way to get bad input onto the bus.
    /// </summary>
    public async Task<Guid> PublishStoredUploadAsync(string key, byte[] bytes, string userId, string? claimedSha256 = null)
    {
        var path = Path.Combine(ImageStoreRoot, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
        var imageId = Guid.NewGuid();
        var body = JsonSerializer.Serialize(new
        {
            imageId,
            userId,
            storageKey = key,
            sha256 = claimedSha256 ?? Convert.ToHexStringLower(SHA256.HashData(bytes)),
            originalFileName = Path.GetFileName(key),
        });
        using var management = VirtualHost.Broker.CreateManagementClient();
        (await management.PostAsJsonAsync($"api/exchanges/{Uri.EscapeDataString(VirtualHost.Name)}/image-uploads/publish",
            new { properties = new { content_type = "application/json" }, routing_key = "", payload = body, payload_encoding = "string" }))
            .EnsureSuccessStatusCode();
        return imageId;
    }

    public string Logs => string.Join("\n\n", _processes.Select(process => $"--- {process}\n{process.Log}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
