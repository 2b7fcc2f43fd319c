using System.CommandLine;

namespace ImageSaga.Cli;

/// <summary>The options every command shares: which server, with which key.</summary>
public static class CliOptions
{
    public static readonly Option<string> Server = new("--server")
    {
        Description = "The ImageSaga API (default: $IMAGESAGA_URL, else http://localhost:5080)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IMAGESAGA_URL") is { Length: > 0 } url ? url : "http://localhost:5080",
    };

    public static readonly Option<string?> Key = new("--key")
    {
        Description = "API key (default: $IMAGESAGA_KEY; none is needed for the embedded server on loopback)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IMAGESAGA_KEY"),
    };

    /// <summary>A client for the chosen server; an unusable server address is reported as a usage error.</summary>
    public static ImageSagaClient Client(ParseResult parse) =>
        Uri.TryCreate(parse.GetValue(Server), UriKind.Absolute, out var server) && server.Scheme is "http" or "https"
            ? new ImageSagaClient(server, parse.GetValue(Key))
            : throw new ArgumentException($"--server must be an http or https URL, not '{parse.GetValue(Server)}'.");
}
