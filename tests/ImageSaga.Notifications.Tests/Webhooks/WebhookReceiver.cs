using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSaga.Notifications.Tests.Webhooks;

/// <summary>
/// A real Kestrel server on a free loopback port that records every connection and request it gets. Routes:
/// <c>/hook</c> (204), <c>/status/{code}</c>, <c>/flaky/{failures}</c> (500 that many times, then 204), <c>/long-error</c> (500 with a long body), <c>/redirect</c> (302 to
/// <c>/hook</c>), <c>/redirect-to?status=…&amp;location=…</c> and <c>/slow</c> (answers after 30 s, or when the client gives up).
/// </summary>
sealed class WebhookReceiver : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentQueue<ReceivedWebhook> requests = new();
    int connections;

    WebhookReceiver(WebApplication app) => this.app = app;

    public int Port { get; private set; }

    public int Connections => Volatile.Read(ref connections);

    public IReadOnlyCollection<ReceivedWebhook> Requests => requests;

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(1));
        WebhookReceiver? receiver = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref receiver!.connections);
            return next(connection);
        })));

        var app = builder.Build();
        receiver = new WebhookReceiver(app);
        app.Use(async (context, next) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver.requests.Enqueue(new ReceivedWebhook(context.Request.Path, headers, body.ToArray()));
            await next(context);
        });
        app.MapPost("/hook", () => Results.NoContent());
        app.MapPost("/status/{code:int}", (int code) => Results.Text($"the receiver says {code}\nsee logs", statusCode: code));
        // Fails the first {failures} requests to it with 500, then accepts: a receiver that recovers.
        var flaky = new ConcurrentDictionary<string, int>();
        app.MapPost("/flaky/{failures:int}", (HttpContext context, int failures) =>
            flaky.AddOrUpdate(context.Request.Path, 1, (_, seen) => seen + 1) <= failures
                ? Results.Text("not yet", statusCode: 500)
                : Results.NoContent());
        app.MapPost("/long-error", () => Results.Text(new string('x', 10_000), statusCode: 500));
        app.MapPost("/redirect", () => Results.Redirect("/hook"));
        // Redirects with the given status to any location: a receiver trying to make the sender call somewhere else.
        app.MapPost("/redirect-to", (HttpContext context, int status, string location) =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });
        app.MapPost("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.NoContent();
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Port = new Uri(address).Port;
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
