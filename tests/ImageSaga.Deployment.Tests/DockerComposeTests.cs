using System.Text.RegularExpressions;
using ImageSaga.Deployment.Tests.Infrastructure;
using ImageSaga.ServiceDefaults;

namespace ImageSaga.Deployment.Tests;

/// <summary>docker-compose.yml runs the same layout: every service, scalable, supervised, with credentials from .env.</summary>
public sealed partial class DockerComposeTests
{
    /// <summary>Every ImageSaga service but the API, which publishes a fixed host port for people to use.</summary>
    public static TheoryData<string> ScalableServices => [.. ServiceSelection.Known.Where(service => service != ServiceSelection.Api)];

    [Fact]
    public void Every_service_the_host_knows_runs_in_its_own_container()
    {
        foreach (var (name, service) in Compose.ImageSagaServices)
            ServiceSelection.Parse(Compose.SelectedServices(service)).Names.Count.ShouldBe(1, $"compose service {name} runs one service");
        foreach (var known in ServiceSelection.Known)
            Should.NotThrow(() => Compose.ServiceRunning(known), $"a compose service runs {known}");
    }

    [Theory]
    [MemberData(nameof(ScalableServices))]
    public void A_service_can_be_scaled_with_compose(string service)
    {
        var definition = Compose.ServiceRunning(service);
        // Both would make a second replica collide: one container name, one host port.
        definition["container_name"].Exists.ShouldBeFalse($"{service} has no container_name");
        Compose.PublishedHostPorts(definition).ShouldBeEmpty($"{service} publishes no fixed host port");
    }

    [Fact]
    public void Detection_can_be_scaled_with_compose()
    {
        var detection = Compose.Services[ServiceSelection.Detection];
        detection["container_name"].Exists.ShouldBeFalse();
        Compose.PublishedHostPorts(detection).ShouldBeEmpty();
    }

    [Fact]
    public void Every_service_has_a_healthcheck_and_a_restart_policy()
    {
        Compose.Services.ShouldNotBeEmpty();
        foreach (var (name, service) in Compose.Services)
        {
            var healthcheck = service["healthcheck"];
            healthcheck["test"].Exists.ShouldBeTrue($"{name} has a healthcheck");
            (healthcheck["disable"].String == "true").ShouldBeFalse($"{name} keeps its healthcheck");
            service["restart"].String.ShouldBeOneOf(["always", "unless-stopped", "on-failure"], $"{name} is restarted when it dies");
        }
    }

    [Fact]
    public void ImageSaga_healthchecks_ask_a_health_path_the_host_maps_on_the_image_port()
    {
        foreach (var (name, service) in Compose.ImageSagaServices)
        {
            var command = string.Join(" ", service.At("healthcheck", "test").Items.Select(item => item.String));
            var match = HealthRequest().Match(command);
            match.Success.ShouldBeTrue($"{name}'s healthcheck asks /health/...: {command}");
            HostFacts.HealthPaths.ShouldContain(match.Groups["path"].Value, name);
            command.ShouldContain($"127.0.0.1/{HostFacts.ImagePort}", Case.Sensitive, $"{name} asks the port the image listens on");
        }
    }

    [Fact]
    public void ImageSaga_containers_get_time_to_finish_their_messages_before_docker_kills_them()
    {
        foreach (var (name, service) in Compose.ImageSagaServices)
        {
            var grace = service["stop_grace_period"].String;
            grace.ShouldNotBeNull($"{name} sets stop_grace_period (Docker's default is 10 s)");
            ComposeDuration(grace).ShouldBeGreaterThanOrEqualTo(HostFacts.GracefulStop + TimeSpan.FromSeconds(5),
                $"{name}: the host may take {HostFacts.GracefulStop} to stop gracefully");
        }
    }

    [Fact]
    public void RabbitMQ_credentials_come_from_the_env_file_and_are_not_guest()
    {
        var rabbit = Compose.Environment(Compose.Services["rabbitmq"]);
        var user = Variable(rabbit["RABBITMQ_USER"]);
        var password = Variable(rabbit["RABBITMQ_PASSWORD"]);

        foreach (var (name, service) in Compose.ImageSagaServices)
        {
            var environment = Compose.Environment(service);
            Variable(environment["ImageSaga__Bus__RabbitMq__Username"]).ShouldBe(user, $"{name} logs in as the broker's application user");
            Variable(environment["ImageSaga__Bus__RabbitMq__Password"]).ShouldBe(password, $"{name} uses the application user's password");
        }

        var example = EnvExample();
        foreach (var variable in new[] { user, password, Variable(rabbit["RABBITMQ_DEFAULT_USER"]), Variable(rabbit["RABBITMQ_DEFAULT_PASS"]) })
            example.GetValueOrDefault(variable).ShouldNotBe("guest", variable);
    }

    [Fact]
    public void Every_required_variable_has_a_value_in_the_env_example()
    {
        var example = EnvExample();
        var required = RequiredVariable().Matches(Compose.Text).Select(match => match.Groups["name"].Value).Distinct().ToList();
        required.ShouldNotBeEmpty();
        foreach (var name in required)
            example.GetValueOrDefault(name).ShouldNotBeNullOrEmpty($"docker-compose.yml requires {name}; .env.example gives it");
    }

    [Fact]
    public void The_management_ui_is_published() =>
        Compose.PublishedContainerPorts(Compose.Services["rabbitmq"]).ShouldContain(15672);

    /// <summary>The variable a value is taken from: <c>${RABBITMQ_USER:?message}</c> gives RABBITMQ_USER.</summary>
    internal static string Variable(string? value)
    {
        var match = WholeVariable().Match(value ?? "");
        match.Success.ShouldBeTrue($"'{value}' is a ${{VARIABLE}} from .env, not a literal");
        return match.Groups["name"].Value;
    }

    /// <summary>A Compose duration: "45s", "1m30s", "2m".</summary>
    static TimeSpan ComposeDuration(string value)
    {
        var match = Duration().Match(value);
        match.Success.ShouldBeTrue($"'{value}' is a duration like 45s or 1m30s");
        int Part(string unit) => match.Groups[unit].Success ? int.Parse(match.Groups[unit].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new TimeSpan(Part("h"), Part("m"), Part("s"));
    }

    internal static Dictionary<string, string> EnvExample() =>
        File.ReadLines(RepositoryRoot.Combine(".env.example"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());

    [GeneratedRegex(@"^\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?\}$")]
    private static partial Regex WholeVariable();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*):?\?[^}]*\}")]
    private static partial Regex RequiredVariable();

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"GET (?<path>/health/[a-z]+) ")]
    private static partial Regex HealthRequest();
}
