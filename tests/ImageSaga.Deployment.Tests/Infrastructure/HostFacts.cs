using System.Text.RegularExpressions;
using ImageSaga.ServiceDefaults;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageSaga.Deployment.Tests.Infrastructure;

/// <summary>
/// What the host really does, asked of the code rather than restated here: the paths it maps for health, how long it
/// waits for the bus at start and for messages in flight at stop, and the port the image listens on.
/// </summary>
static partial class HostFacts
{
    static readonly Lazy<Facts> Built = new(Read);

    /// <summary>The routes <c>MapImageSagaDefaultEndpoints</c> maps, which every process serves.</summary>
    public static IReadOnlySet<string> HealthPaths => Built.Value.Paths;

    public static TimeSpan BusStartTimeout => Built.Value.Bus.StartTimeout ?? TimeSpan.Zero;

    /// <summary>How long stopping may take: MassTransit's wait for messages in flight, within the host's shutdown timeout.</summary>
    public static TimeSpan GracefulStop => new[] { Built.Value.Bus.StopTimeout ?? TimeSpan.Zero, Built.Value.Host.ShutdownTimeout }.Max();

    /// <summary>The port in the image's <c>ASPNETCORE_URLS</c> (Dockerfile).</summary>
    public static int ImagePort
    {
        get
        {
            var match = ListenUrl().Match(File.ReadAllText(RepositoryRoot.Combine("Dockerfile")));
            match.Success.ShouldBeTrue("Dockerfile sets ASPNETCORE_URLS=http://<address>:<port>");
            return int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Builds (never starts) a host the way every ImageSaga process is built, with no service of its own, and reads
    /// what it mapped and configured. Only the health paths are taken from the routes; others (e.g. metrics) may come and go.
    /// </summary>
    static Facts Read()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddImageSagaDefaults(_ => { });
        using var app = builder.Build();
        app.MapImageSagaDefaultEndpoints();
        var paths = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText!.TrimStart('/'))
            .Where(path => path.StartsWith("/health/", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        return new Facts(paths,
            app.Services.GetRequiredService<IOptions<MassTransitHostOptions>>().Value,
            app.Services.GetRequiredService<IOptions<HostOptions>>().Value);
    }

    sealed record Facts(IReadOnlySet<string> Paths, MassTransitHostOptions Bus, HostOptions Host);

    [GeneratedRegex(@"ASPNETCORE_URLS=https?://[^:\s]+:(?<port>\d+)")]
    private static partial Regex ListenUrl();
}
