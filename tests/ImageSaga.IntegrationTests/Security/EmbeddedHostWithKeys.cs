using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.Security;

/// <summary>
/// The embedded host (in-memory transport, SQLite, a data folder of its own) with API keys required, as every
/// deployment but the local default runs: access control lives in the API, the same code everywhere.
/// </summary>
public sealed class EmbeddedHostWithKeys : IAsyncDisposable
{
    EmbeddedHostWithKeys(string dataFolder, HostProcess host, string adminKey)
    {
        DataFolder = dataFolder;
        Host = host;
        Admin = new ImageSagaApi(host.BaseAddress, adminKey);
    }

    public string DataFolder { get; }

    public HostProcess Host { get; }

    /// <summary>A client with the configured admin key.</summary>
    public ImageSagaApi Admin { get; }

    public static async Task<EmbeddedHostWithKeys> StartAsync(string name, string services, string adminKey)
    {
        var dataFolder = Directory.CreateTempSubdirectory($"imagesaga-{name}-").FullName;
        var host = await HostProcess.StartAsync(name, services, new Dictionary<string, string>
        {
            ["ImageSaga__DataFolder"] = dataFolder,
            ["ImageSaga__Api__AdminKey"] = adminKey,
            ["ImageSaga__Api__AllowLocalWithoutKey"] = "false",
        });
        return new EmbeddedHostWithKeys(dataFolder, host, adminKey);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
