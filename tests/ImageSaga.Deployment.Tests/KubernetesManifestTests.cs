using ImageSaga.Deployment.Tests.Infrastructure;
using ImageSaga.ServiceDefaults;

namespace ImageSaga.Deployment.Tests;

/// <summary>The manifests under deploy/kubernetes against the code: service names, health paths, lifetimes, settings.</summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Services => [.. ServiceSelection.Known];

    static readonly string[] SensitiveNameParts = ["Password", "Username", "ConnectionString", "AdminKey", "_USER", "_PASS"];

    [Fact]
    public void Every_object_has_an_api_version_a_kind_and_a_name()
    {
        Kubernetes.All.ShouldNotBeEmpty();
        foreach (var manifest in Kubernetes.All)
        {
            manifest.ApiVersion.ShouldNotBeNullOrWhiteSpace($"apiVersion in {manifest.File}");
            manifest.Kind.ShouldNotBeNullOrWhiteSpace($"kind in {manifest.File}");
            manifest.Name.ShouldNotBeNullOrWhiteSpace($"metadata.name of a {manifest.Kind} in {manifest.File}");
        }
    }

    [Fact]
    public void Every_deployment_runs_one_service_the_host_accepts()
    {
        Kubernetes.Deployments.ShouldNotBeEmpty();
        foreach (var deployment in Kubernetes.Deployments)
        {
            var selected = Kubernetes.SelectedServices(deployment);
            selected.ShouldNotBeNull($"{deployment} sets ImageSaga__Services");
            // "all" or a list would parse too, but then the Deployment is not one service that can be scaled on its own.
            ServiceSelection.Parse(selected).Names.ShouldBe([deployment.Name!], $"{deployment} runs ImageSaga__Services={selected}");
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_has_exactly_one_deployment(string service) =>
        Kubernetes.Deployments.Count(deployment => Kubernetes.SelectedServices(deployment) == service)
            .ShouldBe(1, $"Deployments with ImageSaga__Services={service}");

    [Fact]
    public void Every_deployment_selects_its_own_pods()
    {
        foreach (var deployment in Kubernetes.Deployments)
        {
            var podLabels = deployment.Spec.At("template", "metadata", "labels").Entries.ToDictionary(e => e.Key, e => e.Value.String);
            var selector = deployment.Spec.At("selector", "matchLabels").Entries;
            selector.ShouldNotBeEmpty($"{deployment} has a selector");
            foreach (var (key, value) in selector)
                podLabels.GetValueOrDefault(key).ShouldBe(value.String, $"{deployment}: pod label {key}");
        }

        // A selector that matched another service's pods too would mix them behind one Deployment.
        Kubernetes.Deployments.Select(deployment => string.Join(",", deployment.Spec.At("selector", "matchLabels").Entries
                .Select(label => $"{label.Key}={label.Value}")))
            .ShouldBeUnique();
    }

    [Fact]
    public void Every_deployment_runs_the_one_image_that_kustomize_can_replace()
    {
        var images = Kubernetes.Deployments.Select(deployment => deployment.Container["image"].String).Distinct().ToList();
        images.Count.ShouldBe(1, $"one image for every service, found {string.Join(", ", images)}");
        var repository = images.Single()!.Split(':')[0];

        foreach (var folder in new[] { "", "dev" })
        {
            var kustomization = Kubernetes.KustomizationIn(folder);
            kustomization.Images.Select(image => image["name"].String).ShouldContain(repository,
                $"{kustomization.File} lets `kustomize edit set image {repository}=...` pin the image");
        }
    }

    [Fact]
    public void Probes_ask_the_health_paths_the_host_maps()
    {
        HostFacts.HealthPaths.ShouldContain("/health/ready");
        foreach (var deployment in Kubernetes.Deployments)
        {
            var container = deployment.Container;
            var ports = container["ports"].Items.ToDictionary(port => port["name"].String!, port => port["containerPort"].Int);
            ports.GetValueOrDefault("http").ShouldBe(HostFacts.ImagePort, $"{deployment}: the image listens on {HostFacts.ImagePort}");

            container.At("readinessProbe", "httpGet", "path").String.ShouldBe("/health/ready", $"{deployment} readiness");
            foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
            {
                var httpGet = container.At(probe, "httpGet");
                httpGet.Exists.ShouldBeTrue($"{deployment} has an HTTP {probe}");
                HostFacts.HealthPaths.ShouldContain(httpGet["path"].String!, $"{deployment} {probe}");
                var port = httpGet["port"];
                (port.String == "http" || port.Int == HostFacts.ImagePort).ShouldBeTrue($"{deployment} {probe} asks port {port}");
            }
        }
    }

    [Fact]
    public void The_startup_probe_waits_longer_than_the_host_waits_for_the_bus()
    {
        HostFacts.BusStartTimeout.ShouldBeGreaterThan(TimeSpan.Zero);
        foreach (var deployment in Kubernetes.Deployments)
        {
            var probe = deployment.Container["startupProbe"];
            var patience = TimeSpan.FromSeconds((probe["periodSeconds"].Int ?? 10) * (probe["failureThreshold"].Int ?? 3));
            patience.ShouldBeGreaterThan(HostFacts.BusStartTimeout,
                $"{deployment}: Kestrel answers only after the bus started, which may take {HostFacts.BusStartTimeout}");
        }
    }

    [Fact]
    public void The_grace_period_covers_a_graceful_stop()
    {
        HostFacts.GracefulStop.ShouldBeGreaterThan(TimeSpan.Zero);
        foreach (var deployment in Kubernetes.Deployments)
        {
            var grace = deployment.PodSpec["terminationGracePeriodSeconds"].Int;
            grace.ShouldNotBeNull($"{deployment} sets terminationGracePeriodSeconds (the default, 30 s, leaves no headroom)");
            var preStop = deployment.Container.At("lifecycle", "preStop", "sleep", "seconds").Int ?? 0;
            // SIGTERM comes after preStop; the host then needs its stop time, plus a moment to flush and exit.
            TimeSpan.FromSeconds(grace.Value).ShouldBeGreaterThanOrEqualTo(HostFacts.GracefulStop + TimeSpan.FromSeconds(preStop + 5),
                $"{deployment}: preStop {preStop} s + graceful stop {HostFacts.GracefulStop}");
            TimeSpan.FromSeconds(grace.Value).ShouldBeLessThanOrEqualTo(HostFacts.GracefulStop * 3, $"{deployment}: a stuck pod is killed in reasonable time");
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_is_configured_with_the_keys_compose_uses(string service)
    {
        var deployment = Kubernetes.Deployments.Single(candidate => Kubernetes.SelectedServices(candidate) == service);
        var kubernetes = Kubernetes.Environment(deployment, Kubernetes.Base);
        var compose = Compose.Environment(Compose.ServiceRunning(service));
        // Compose itself marks the services that never touch the database: they get no connection string.
        var usesDatabase = compose.ContainsKey("ImageSaga__Persistence__ConnectionString");

        foreach (var key in compose.Keys.Where(key => key.StartsWith("ImageSaga__", StringComparison.Ordinal)))
        {
            if (!usesDatabase && key.StartsWith("ImageSaga__Persistence__", StringComparison.Ordinal) && key != "ImageSaga__Persistence__MigrateOnStart")
                continue;
            kubernetes.ShouldContainKey(key, $"{deployment} sets {key} like docker-compose.yml");
        }

        foreach (var key in new[] { "ImageSaga__Bus__Transport", "ImageSaga__Persistence__Provider", "ImageSaga__DataFolder" })
            kubernetes[key].Value.ShouldBe(compose[key], $"{deployment}: {key}");
    }

    [Fact]
    public void Credentials_come_from_the_secret_and_only_from_keys_it_has()
    {
        var secret = Kubernetes.SecretExample;
        var exampleKeys = secret.Document["stringData"].Entries.Select(entry => entry.Key).ToHashSet();
        var devKeys = Kubernetes.KustomizationIn("dev").GeneratedSecretKeys[secret.Name!];

        foreach (var workload in Kubernetes.All.Where(manifest => manifest.Kind is "Deployment" or "StatefulSet"))
        {
            foreach (var variable in Kubernetes.Environment(workload, [.. Kubernetes.Base, .. Kubernetes.Dev]).Values)
            {
                var sensitive = SensitiveNameParts.Any(word => variable.Name.Contains(word, StringComparison.OrdinalIgnoreCase));
                if (sensitive)
                    variable.FromSecret.ShouldBeTrue($"{workload}: {variable.Name} comes from a Secret, not a literal");
                if (!variable.FromSecret)
                    continue;
                variable.SecretName.ShouldBe(secret.Name, $"{workload}: {variable.Name}");
                devKeys.ShouldContain(variable.SecretKey!, $"the dev Secret has {variable.SecretKey}, which {workload} reads");
                if (workload.File.StartsWith("deploy/kubernetes/base/", StringComparison.Ordinal))
                    exampleKeys.ShouldContain(variable.SecretKey!, $"secret.example.yaml has {variable.SecretKey}, which {workload} reads");
            }
        }
    }

    [Fact]
    public void Every_service_mounts_the_shared_image_store_where_compose_mounts_it()
    {
        var claims = Kubernetes.Base.Where(manifest => manifest.Kind == "PersistentVolumeClaim").ToList();
        var composeMount = Compose.ServiceRunning(ServiceSelection.Api)["volumes"].Items.Select(volume => volume.String!.Split(':')).Single();
        var composeDataFolder = Compose.Environment(Compose.ServiceRunning(ServiceSelection.Api))["ImageSaga__DataFolder"];
        composeMount[1].ShouldBe(composeDataFolder, "compose mounts the image volume at the data folder");

        foreach (var deployment in Kubernetes.Deployments)
        {
            var volumes = deployment.PodSpec["volumes"].Items;
            var mounts = deployment.Container["volumeMounts"].Items;
            var store = mounts.SingleOrDefault(mount => mount["mountPath"].String == composeMount[1]);
            store.ShouldNotBeNull($"{deployment} mounts the image store at {composeMount[1]}");
            var claimName = volumes.Single(volume => volume["name"].String == store["name"].String).At("persistentVolumeClaim", "claimName").String;
            var claim = claims.SingleOrDefault(candidate => candidate.Name == claimName);
            claim.ShouldNotBeNull($"{deployment} mounts claim {claimName}, which the base defines");
            claim.Spec["accessModes"].Items.Select(mode => mode.String).ShouldContain("ReadWriteMany",
                $"{claim}: pods of every service, on any node, share it");
        }
    }

    [Fact]
    public void Every_container_has_requests_within_its_limits()
    {
        foreach (var deployment in Kubernetes.Deployments)
        {
            var resources = deployment.Container["resources"];
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var request = resources.At("requests", resource).String;
                var limit = resources.At("limits", resource).String;
                request.ShouldNotBeNull($"{deployment} requests {resource}");
                limit.ShouldNotBeNull($"{deployment} limits {resource}");
                Quantity.Parse(request).ShouldBeLessThanOrEqualTo(Quantity.Parse(limit), $"{deployment} {resource}");
            }
            // .NET takes the CPU limit as its core count, and each step works on one image per core.
            Quantity.Parse(resources.At("limits", "cpu").String!).ShouldBeGreaterThanOrEqualTo(1m, $"{deployment} gets at least one core");
        }
    }

    [Fact]
    public void Only_the_api_is_reachable_through_a_service()
    {
        var api = Kubernetes.Deployments.Single(deployment => deployment.Name == ServiceSelection.Api);
        var apiLabels = api.Spec.At("template", "metadata", "labels").Entries.ToDictionary(e => e.Key, e => e.Value.String);
        var apiPorts = api.Container["ports"].Items.Select(port => port["name"].String).ToList();
        var services = Kubernetes.Base.Where(manifest => manifest.Kind == "Service").ToList();

        var service = services.ShouldHaveSingleItem();
        foreach (var (key, value) in service.Spec["selector"].Entries)
            apiLabels.GetValueOrDefault(key).ShouldBe(value.String, $"{service} selects the API's pods by {key}");
        foreach (var port in service.Spec["ports"].Items)
            apiPorts.ShouldContain(port["targetPort"].String, $"{service} forwards to a port the API container names");

        foreach (var ingress in Kubernetes.All.Where(manifest => manifest.Kind == "Ingress"))
        {
            foreach (var path in ingress.Spec["rules"].Items.SelectMany(rule => rule.At("http", "paths").Items))
            {
                var backend = path.At("backend", "service");
                backend["name"].String.ShouldBe(service.Name, $"{ingress} routes to the API's Service");
                service.Spec["ports"].Items.Select(port => port["name"].String).ShouldContain(backend.At("port", "name").String, $"{ingress} port");
            }
        }
    }
}
