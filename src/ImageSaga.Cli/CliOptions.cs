using System.CommandLine;

namespace ImageSaga.Cli;

/// <summary>The options every command shares: which server, with which key, or which local data folder.</summary>
public static class CliOptions
{
    public static readonly Option<string?> Server = new("--server")
    {
        Description = "The ImageSaga API to use (default: $IMAGESAGA_URL; without either, the pipeline runs in this process)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IMAGESAGA_URL") is { Length: > 0 } url ? url : null,
    };

    public static readonly Option<string?> Key = new("--key")
    {
        Description = "API key (default: $IMAGESAGA_KEY; none is needed in-process or for the embedded server on loopback)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IMAGESAGA_KEY"),
    };

    public static readonly Option<string> Data = new("--data")
    {
        Description = "Data folder of the in-process pipeline (default: $IMAGESAGA_DATA, else ~/.local/share/imagesaga)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IMAGESAGA_DATA") is { Length: > 0 } folder ? folder : DefaultDataFolder(),
    };

    static string DefaultDataFolder()
    {
        var userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(string.IsNullOrEmpty(userData) ? Environment.CurrentDirectory : userData, "imagesaga");
    }
}
