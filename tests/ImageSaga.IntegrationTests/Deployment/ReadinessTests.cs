using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.EndToEnd;
using ImageSaga.IntegrationTests.Infrastructure;
using Npgsql;

namespace ImageSaga.IntegrationTests.Deployment;

/// <summary>
/// <c>/health/ready</c> is what Kubernetes and Compose route and restart on: it must turn unready when the process loses
/// RabbitMQ or PostgreSQL, and ready again when they come back, without a restart. The servers "go away" behind a TCP
/// relay, so the real servers other tests use stay up.
/// </summary>
public sealed class ReadinessTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ready_follows_rabbitmq_and_postgresql_going_away_and_coming_back()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        var amqp = deployment.VirtualHost.AmqpUri;
        var database = new NpgsqlConnectionStringBuilder(deployment.Database.ConnectionString);
        await using var rabbitRelay = TcpProxy.Start(amqp.Host, amqp.Port);
        await using var postgresRelay = TcpProxy.Start(database.Host!, database.Port);
        deployment.Settings["ImageSaga__Bus__RabbitMq__Uri"] = new UriBuilder(amqp) { Host = "127.0.0.1", Port = rabbitRelay.Port }.Uri.ToString();
        database.Host = "127.0.0.1";
        database.Port = postgresRelay.Port;
        deployment.Settings["ImageSaga__Persistence__ConnectionString"] = database.ConnectionString;
        var orchestrator = await deployment.StartAsync("orchestrator");
        using var http = new HttpClient { BaseAddress = orchestrator.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };

        (await ReadyAsync(http)).ShouldBe(HttpStatusCode.OK);

        rabbitRelay.Down();
        (await WaitForAsync(http, HttpStatusCode.ServiceUnavailable)).ShouldBe(HttpStatusCode.ServiceUnavailable, orchestrator.Log);
        (await http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK, "alive, only not ready: no restart needed");
        rabbitRelay.Up();
        (await WaitForAsync(http, HttpStatusCode.OK)).ShouldBe(HttpStatusCode.OK, orchestrator.Log);

        postgresRelay.Down();
        (await WaitForAsync(http, HttpStatusCode.ServiceUnavailable)).ShouldBe(HttpStatusCode.ServiceUnavailable, orchestrator.Log);
        postgresRelay.Up();
        (await WaitForAsync(http, HttpStatusCode.OK)).ShouldBe(HttpStatusCode.OK, orchestrator.Log);
        orchestrator.HasExited.ShouldBeFalse();
    }

    [Fact]
    public async Task While_postgresql_is_away_the_api_answers_503_with_a_reason_and_recovers_by_itself()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        var database = new NpgsqlConnectionStringBuilder(deployment.Database.ConnectionString);
        await using var postgresRelay = TcpProxy.Start(database.Host!, database.Port);
        database.Host = "127.0.0.1";
        database.Port = postgresRelay.Port;
        deployment.Settings["ImageSaga__Persistence__ConnectionString"] = database.ConnectionString;
        var process = await deployment.StartAsync("api");
        using var api = new ImageSagaApi(process.BaseAddress, DistributedDeployment.AdminKey);
        var unknown = $"/api/images/{Guid.NewGuid()}";

        (await api.Http.GetAsync(unknown)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the database answers: an unknown image");

        // Down cuts the pooled connections too, as an outage or a restart of the server does.
        postgresRelay.Down();
        using (var away = await api.Http.GetAsync(unknown))
        {
            away.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, process.Log);
            away.Headers.RetryAfter.ShouldNotBeNull();
            var problem = await away.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("reasonCode").GetString().ShouldBe("database-unavailable");
        }

        postgresRelay.Up();
        // A pooled connection the outage cut fails once (503 again) and is dropped; the answers then come back.
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 10 && statuses.LastOrDefault() != HttpStatusCode.NotFound; attempt++)
        {
            using var response = await api.Http.GetAsync(unknown);
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldNotContain(HttpStatusCode.InternalServerError, process.Log);
        statuses[^1].ShouldBe(HttpStatusCode.NotFound, $"{string.Join(", ", statuses)}\n{process.Log}");
        process.HasExited.ShouldBeFalse();
    }

    static async Task<HttpStatusCode> WaitForAsync(HttpClient http, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = await ReadyAsync(http);
        while (last != wanted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            last = await ReadyAsync(http);
        }

        return last;
    }

    static async Task<HttpStatusCode> ReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/health/ready");
            return response.StatusCode;
        }
        catch (TaskCanceledException)
        {
            // A check that hangs is as unready as one that fails.
            return HttpStatusCode.RequestTimeout;
        }
    }
}
