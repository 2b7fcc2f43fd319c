using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using ImageSaga.IntegrationTests.EndToEnd;
using ImageSaga.IntegrationTests.Infrastructure;
using MassTransit;
using Npgsql;

namespace ImageSaga.IntegrationTests.Faults;

/// <summary>
/// One fault scenario's deployment: the services as separate processes on a virtual host and database of their own
/// (optionally reaching RabbitMQ and PostgreSQL through a <see cref="TcpProxy"/>, so an outage can be scoped to this
/// deployment), a queue of the test's own bound to the outcome events, and the bookkeeping of what was accepted.
/// A scenario reads: start, upload, break something mid-run, recover, then <see cref="RecoverAsync"/> builds the
/// <see cref="Ledger"/> whose <see cref="Ledger.ShouldHaveLostNothing"/> is the verdict.
/// </summary>
public sealed class FaultScenario : IAsyncDisposable
{
    const string User = "faults";
    readonly OutcomeRecorder _outcomes = new();
    readonly ConcurrentQueue<Guid> _accepted = new();
    readonly ConcurrentQueue<Guid> _broken = new();
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly List<FileStream> _locks = [];
    IBusControl? _listener;

    FaultScenario(string name, DistributedDeployment deployment, TcpProxy? brokerRelay, TcpProxy? databaseRelay)
    {
        Name = name;
        Deployment = deployment;
        BrokerRelay = brokerRelay;
        DatabaseRelay = databaseRelay;
    }

    public string Name { get; }

    public DistributedDeployment Deployment { get; }

    /// <summary>The services' only way to RabbitMQ, when the scenario cuts the broker away.</summary>
    public TcpProxy? BrokerRelay { get; }

    /// <summary>The services' only way to PostgreSQL, when the scenario cuts the database away.</summary>
    public TcpProxy? DatabaseRelay { get; }

    public ImageSagaApi Api { get; private set; } = null!;

    public IReadOnlyCollection<Guid> Accepted => _accepted;

    /// <summary>Deployment settings (environment of the processes started afterwards), e.g. step timeouts.</summary>
    public Dictionary<string, string> Settings => Deployment.Settings;

    /// <summary>
    /// A deployment with the given analysis steps enabled (metadata and fingerprint always run; the others are off
    /// unless named), the outcome listener running, and nothing started yet.
    /// </summary>
    public static async Task<FaultScenario> CreateAsync(string name, IEnumerable<string>? extraSteps = null, bool relayBroker = false,
        bool relayDatabase = false)
    {
        var deployment = await DistributedDeployment.CreateAsync(withVision: false);
        // The upload rate limit (a burst of 200) is not under test; a scenario uploads its whole load at once.
        deployment.Settings["ImageSaga__Api__Uploads__Burst"] = "5000";
        deployment.Settings["ImageSaga__Api__Uploads__PermitsPerMinute"] = "100000";
        foreach (var step in extraSteps ?? [])
            deployment.Settings[$"ImageSaga__Analysis__Steps__{step}__Enabled"] = "true";

        TcpProxy? brokerRelay = null, databaseRelay = null;
        if (relayBroker)
        {
            var amqp = deployment.VirtualHost.AmqpUri;
            brokerRelay = TcpProxy.Start(amqp.Host, amqp.Port);
            deployment.Settings["ImageSaga__Bus__RabbitMq__Uri"] =
                new UriBuilder(amqp) { Host = "127.0.0.1", Port = brokerRelay.Port }.Uri.ToString();
        }

        if (relayDatabase)
        {
            var database = new NpgsqlConnectionStringBuilder(deployment.Database.ConnectionString);
            databaseRelay = TcpProxy.Start(database.Host!, database.Port);
            database.Host = "127.0.0.1";
            database.Port = databaseRelay.Port;
            deployment.Settings["ImageSaga__Persistence__ConnectionString"] = database.ConnectionString;
        }

        var scenario = new FaultScenario(name, deployment, brokerRelay, databaseRelay);
        await scenario.ListenForOutcomesAsync();
        return scenario;
    }

    public Task<HostProcess> StartAsync(string service) => Deployment.StartAsync(service);

    /// <summary>The orchestrator and the API: sagas start and wait in their queues until the step services run.</summary>
    public async Task<HostProcess> StartOrchestratorAndApiAsync()
    {
        var orchestrator = await StartAsync("orchestrator");
        Api = new ImageSagaApi((await StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);
        return orchestrator;
    }

    /// <summary>Uploads <paramref name="count"/> photos through the HTTP API, a few at a time, and waits until each has its saga.</summary>
    public async Task UploadAsync(int count)
    {
        var photos = TestImages.AllPhotos().ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            _accepted.Enqueue(await Api.UploadAsync(photos[i % photos.Count], User)));
        await WaitUntilAsync(async () => await CountSagasAsync(null) >= _accepted.Count, TimeSpan.FromSeconds(120), "every upload has a saga");
    }

    /// <summary>
    /// Puts a special file where an upload's image should be and publishes its claim check to <c>image-uploads</c>,
    /// past the HTTP API, as another system would: the way to give a step input that breaks it the same way on every try.
    /// </summary>
    public async Task<Guid> PublishBrokenUploadAsync(BrokenImage kind)
    {
        var key = $"uploads/faults/{Guid.NewGuid():N}.jpg";
        var path = Path.Combine(Deployment.ImageStoreRoot, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sha256 = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());
        switch (kind)
        {
            case BrokenImage.FailsEveryRead:
                // A real photo with its real checksum, held under an exclusive lock (flock, which .NET uses for
                // FileShare) by this process, as by a stuck writer or a backup tool: every open for reading fails
                // with a sharing-violation IOException, on every try, until the lock goes (when the scenario ends).
                var photo = TestImages.Read("coffee.png");
                await File.WriteAllBytesAsync(path, photo);
                sha256 = Convert.ToHexStringLower(SHA256.HashData(photo));
                _locks.Add(new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
                break;
            case BrokenImage.HangsEveryRead:
                // Opening a FIFO for reading blocks until a writer opens it, and none ever does: a read that hangs, like
                // one on a stalled network mount.
                if (mkfifo(path, Convert.ToInt32("644", 8)) != 0)
                    throw new IOException($"mkfifo {path} failed (errno {Marshal.GetLastPInvokeError()}).");
                break;
        }

        var imageId = Guid.NewGuid();
        var body = JsonSerializer.Serialize(new
        {
            imageId,
            userId = User,
            storageKey = key,
            sha256,
            originalFileName = Path.GetFileName(key),
        });
        using var management = Deployment.VirtualHost.Broker.CreateManagementClient();
        (await management.PostAsJsonAsync($"api/exchanges/{VirtualHostPath}/image-uploads/publish",
            new { properties = new { content_type = "application/json" }, routing_key = "", payload = body, payload_encoding = "string" }))
            .EnsureSuccessStatusCode();
        _accepted.Enqueue(imageId);
        _broken.Enqueue(imageId);
        await WaitUntilAsync(async () => await CountSagasAsync(null) >= _accepted.Count, TimeSpan.FromSeconds(60), $"a saga for {imageId}");
        return imageId;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int mkfifo(string path, int mode);

    /// <summary>
    /// Waits until at least <paramref name="fraction"/> of the uploads have finished, and returns how many have not:
    /// the fault must strike while work is in flight, or the scenario proves nothing.
    /// </summary>
    public async Task<int> WaitUntilPartlyDoneAsync(double fraction)
    {
        var wanted = Math.Max(1, (int)(_accepted.Count * fraction));
        await WaitUntilAsync(async () => await CountSagasAsync(Ledger.FinalStates) >= wanted, TimeSpan.FromSeconds(180),
            $"{wanted} of {_accepted.Count} uploads finished");
        var inFlight = _accepted.Count - await CountSagasAsync(Ledger.FinalStates);
        inFlight.ShouldBeGreaterThan(0, "the fault must strike while uploads are in flight");
        return inFlight;
    }

    /// <summary>
    /// A RabbitMQ outage as this deployment sees a broker restart: the relay refuses connections and cuts the open
    /// ones, and the broker closes whatever connections to the virtual host remain (management API), so every
    /// unacknowledged delivery goes back to its queue; after <paramref name="outage"/> the relay listens again. The
    /// real broker, shared with other tests, stays up, and its queues keep their messages as a durable restart would.
    /// </summary>
    public async Task CutBrokerAsync(TimeSpan outage)
    {
        BrokerRelay.ShouldNotBeNull("the scenario must be created with relayBroker");
        BrokerRelay.Down();
        using var management = Deployment.VirtualHost.Broker.CreateManagementClient();
        var connections = await management.GetFromJsonAsync<JsonElement>($"api/vhosts/{VirtualHostPath}/connections");
        foreach (var connection in connections.EnumerateArray())
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/connections/{Uri.EscapeDataString(connection.GetProperty("name").GetString()!)}");
            request.Headers.Add("X-Reason", "fault scenario: broker outage");
            await management.SendAsync(request);
        }

        await Task.Delay(outage);
        BrokerRelay.Up();
    }

    /// <summary>
    /// A PostgreSQL outage as this deployment sees a database restart: the relay refuses connections and cuts the
    /// open ones, and the server terminates every backend of the test database (<c>pg_terminate_backend</c>), so
    /// open transactions roll back; after <paramref name="outage"/> the relay listens again. The shared server stays up.
    /// </summary>
    public async Task CutDatabaseAsync(TimeSpan outage)
    {
        DatabaseRelay.ShouldNotBeNull("the scenario must be created with relayDatabase");
        DatabaseRelay.Down();
        await using (var admin = new NpgsqlConnection(await TestInfrastructure.RequirePostgresAsync()))
        {
            await admin.OpenAsync();
            // Client sessions only: an autovacuum worker on the database is not the deployment's, and the test role
            // (not a superuser) may not terminate one.
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity " +
                "WHERE datname = @database AND pid <> pg_backend_pid() AND backend_type = 'client backend'", admin);
            terminate.Parameters.AddWithValue("database", Deployment.Database.Name);
            await terminate.ExecuteScalarAsync();
        }

        await Task.Delay(outage);
        DatabaseRelay.Up();
    }

    /// <summary>
    /// Waits (up to <paramref name="within"/>) until every upload is in a final state and every finished one's outcome
    /// event arrived, then reads each saga through the API and the error queues through the management API.
    /// </summary>
    public async Task<Ledger> RecoverAsync(TimeSpan within, IReadOnlyList<string>? deadLetterQueues = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && await CountSagasAsync(Ledger.FinalStates) < _accepted.Count)
            await Task.Delay(500);

        var finished = await CountSagasAsync(["Completed", "Failed"]);
        while (DateTime.UtcNow < deadline && _outcomes.DistinctImages < finished)
            await Task.Delay(500);
        // Duplicates would arrive right behind the first event; a moment more lets them show.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var deadLettered = new Dictionary<string, IReadOnlyList<Guid>>();
        foreach (var queue in deadLetterQueues ?? [])
            deadLettered[queue] = await DeadLetteredImagesAsync(queue);
        var sagas = new Dictionary<Guid, SagaOutcome?>();
        foreach (var imageId in _accepted)
            sagas[imageId] = await SagaAsync(imageId);
        return new Ledger(Name, _accepted.ToList(), sagas, _outcomes.Deliveries.ToList(), await ErrorQueuesAsync(), _clock.Elapsed)
        {
            Broken = _broken.ToList(),
            DeadLettered = deadLettered,
            Logs = Deployment.Logs,
            ApiErrorsWhileReading = _apiErrorsAfterRecovery,
        };
    }

    async Task<SagaOutcome?> SagaAsync(Guid imageId)
    {
        if (await StatusWithRetryAsync(imageId) is not { } status)
            return null;
        var failure = status.TryGetProperty("failure", out var value) && value.ValueKind == JsonValueKind.Object ? value : (JsonElement?)null;
        return new SagaOutcome(status.GetProperty("state").GetString()!, failure?.GetProperty("step").GetString(),
            failure?.GetProperty("reasonCode").GetString(), failure?.GetProperty("message").GetString());
    }

    /// <summary>
    /// The API's status, asked again while the API says the database is unavailable (503): right after a database
    /// outage its first requests land on pooled connections the outage cut, as a client would see and retry. A 500
    /// fails the scenario: a database outage must be a typed, retryable answer.
    /// </summary>
    async Task<System.Text.Json.JsonElement?> StatusWithRetryAsync(Guid imageId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Api.GetStatusAsync(imageId);
            }
            catch (HttpRequestException unavailable) when (attempt < 10 && unavailable.StatusCode is System.Net.HttpStatusCode.ServiceUnavailable or null)
            {
                _apiErrorsAfterRecovery++;
                await Task.Delay(500);
            }
        }
    }

    /// <summary>503 answers or refused connections while the ledger was read (each retried).</summary>
    int _apiErrorsAfterRecovery;

    /// <summary>The image ids of the messages on <paramref name="queue"/>, read without taking them off (requeued).</summary>
    public async Task<IReadOnlyList<Guid>> DeadLetteredImagesAsync(string queue)
    {
        using var management = Deployment.VirtualHost.Broker.CreateManagementClient();
        using var response = await management.PostAsJsonAsync($"api/queues/{VirtualHostPath}/{Uri.EscapeDataString(queue)}/get",
            new { count = 1000, ackmode = "ack_requeue_true", encoding = "auto" });
        // Nothing ever faulted there, so MassTransit never declared the queue.
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return [];
        response.EnsureSuccessStatusCode();
        var ids = new List<Guid>();
        foreach (var message in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
        {
            using var envelope = JsonDocument.Parse(message.GetProperty("payload").GetString()!);
            ids.Add(envelope.RootElement.GetProperty("message").GetProperty("imageId").GetGuid());
        }

        return ids;
    }

    async Task<Dictionary<string, int>> ErrorQueuesAsync()
    {
        using var management = Deployment.VirtualHost.Broker.CreateManagementClient();
        // The management statistics lag a few seconds behind; the counts are read once they have settled.
        var counts = new Dictionary<string, int>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var queues = await management.GetFromJsonAsync<JsonElement>($"api/queues/{VirtualHostPath}");
            var now = queues.EnumerateArray()
                .Where(queue => queue.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal))
                .ToDictionary(queue => queue.GetProperty("name").GetString()!,
                    queue => queue.TryGetProperty("messages", out var messages) ? messages.GetInt32() : 0);
            if (now.SequenceEqual(counts) || DateTime.UtcNow > deadline)
                return now;
            counts = now;
            await Task.Delay(5500);
        }
    }

    /// <summary>Sagas of this deployment in one of <paramref name="states"/> (all when null), straight from its database.</summary>
    public async Task<int> CountSagasAsync(IEnumerable<string>? states)
    {
        // Unpooled: a pooled connection of the test's own would be among those a database outage terminates.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Deployment.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(states is null
            ? "SELECT count(*) FROM image_analysis_sagas"
            : """SELECT count(*) FROM image_analysis_sagas WHERE "CurrentState" = ANY(@states)""", connection);
        if (states is not null)
            query.Parameters.AddWithValue("states", states.ToArray());
        try
        {
            return Convert.ToInt32(await query.ExecuteScalarAsync());
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The orchestrator has not migrated the database yet.
            return 0;
        }
    }

    async Task ListenForOutcomesAsync()
    {
        // Durable, so the events wait for the listener if a broker outage closes its connection too.
        _listener = Bus.Factory.CreateUsingRabbitMq(configure =>
        {
            configure.Host(Deployment.VirtualHost.AmqpUri);
            configure.ReceiveEndpoint($"fault-scenario-outcomes-{Guid.NewGuid():N}", endpoint => endpoint.Instance(_outcomes));
        });
        await _listener.StartAsync();
    }

    string VirtualHostPath => Uri.EscapeDataString(Deployment.VirtualHost.Name);

    static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not within {within}: {what}.");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
            await _listener.StopAsync();
        Api?.Dispose();
        await Deployment.DisposeAsync();
        foreach (var held in _locks)
            await held.DisposeAsync();
        if (BrokerRelay is not null)
            await BrokerRelay.DisposeAsync();
        if (DatabaseRelay is not null)
            await DatabaseRelay.DisposeAsync();
    }
}
