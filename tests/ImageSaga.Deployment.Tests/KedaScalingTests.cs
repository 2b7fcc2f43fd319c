using System.Reflection;
using ImageSaga.Deployment.Tests.Infrastructure;
using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Messaging;
using ImageSaga.ServiceDefaults.Options;

namespace ImageSaga.Deployment.Tests;

/// <summary>deploy/kubernetes/keda: each analysis service scales on the backlog of exactly the queues it consumes.</summary>
public sealed class KedaScalingTests
{
    public static TheoryData<string> QueueScaledServices => [.. ServiceQueues.QueueScaled];

    [Fact]
    public void Every_queue_in_the_code_is_consumed_by_exactly_one_service()
    {
        var queues = typeof(ImageSagaEndpoints).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field is { IsLiteral: true } && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();
        queues.ShouldNotBeEmpty();

        foreach (var queue in queues)
            ServiceQueues.ByService.Count(service => service.Value.Contains(queue)).ShouldBe(1, $"services consuming {queue}");
        ServiceQueues.ByService.Keys.ShouldBe(ServiceSelection.Known, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(QueueScaledServices))]
    public void Every_analysis_service_has_one_scaled_object_on_its_own_deployment(string service)
    {
        var scaled = Kubernetes.ScaledObjects.Where(scaledObject => scaledObject.Spec.At("scaleTargetRef", "name").String == service).ToList();
        scaled.Count.ShouldBe(1, $"ScaledObjects targeting {service}");
        var target = scaled[0].Spec["scaleTargetRef"];
        (target["kind"].String ?? "Deployment").ShouldBe("Deployment");
        Kubernetes.Deployments.Select(deployment => deployment.Name).ShouldContain(service, "the ScaledObject's target exists");
    }

    [Theory]
    [MemberData(nameof(QueueScaledServices))]
    public void Triggers_watch_exactly_the_queues_the_service_consumes(string service)
    {
        var scaledObject = Kubernetes.ScaledObjects.Single(candidate => candidate.Spec.At("scaleTargetRef", "name").String == service);
        var triggers = scaledObject.Spec["triggers"].Items;
        triggers.ShouldAllBe(trigger => trigger["type"].String == "rabbitmq");
        triggers.Select(trigger => trigger.At("metadata", "queueName").String)
            .ShouldBe(ServiceQueues.ByService[service], ignoreOrder: true, $"{scaledObject} watches the queues {service} consumes");
    }

    [Fact]
    public void The_orchestrator_and_the_api_are_not_scaled_on_queue_length()
    {
        foreach (var service in ServiceQueues.NotQueueScaled)
            Kubernetes.ScaledObjects.ShouldNotContain(scaledObject => scaledObject.Spec.At("scaleTargetRef", "name").String == service);
        Kubernetes.ScaledObjects.Count.ShouldBe(ServiceQueues.QueueScaled.Count);
    }

    [Fact]
    public void Triggers_count_a_backlog_beyond_what_a_busy_replica_holds()
    {
        foreach (var scaledObject in Kubernetes.ScaledObjects)
        {
            var deployment = Kubernetes.Deployments.Single(candidate => candidate.Name == scaledObject.Spec.At("scaleTargetRef", "name").String);
            var prefetch = Kubernetes.Environment(deployment, Kubernetes.Base).GetValueOrDefault("ImageSaga__Bus__PrefetchCount")?.Value is { } value
                ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
                : new BusOptions().PrefetchCount;

            foreach (var trigger in scaledObject.Spec["triggers"].Items)
            {
                var metadata = trigger["metadata"];
                var queue = metadata["queueName"].String;
                metadata["mode"].String.ShouldBe("QueueLength", $"{scaledObject} {queue}");
                // Over AMQP KEDA sees only ready messages; what replicas prefetched but have not acknowledged would be
                // invisible, so a backlog held in prefetch buffers would never scale out.
                metadata["protocol"].String.ShouldBe("http", $"{scaledObject} {queue} counts unacknowledged messages too");
                var target = metadata["value"].Int;
                target.ShouldNotBeNull($"{scaledObject} {queue} has an integer target");
                // A replica that is merely busy holds up to its prefetch unacknowledged; that alone must not add replicas.
                target.Value.ShouldBeGreaterThan(prefetch, $"{scaledObject} {queue}: target per replica vs prefetch {prefetch}");
            }
        }
    }

    [Fact]
    public void Replica_bounds_keep_one_warm_replica_and_leave_the_count_to_keda()
    {
        foreach (var scaledObject in Kubernetes.ScaledObjects)
        {
            var min = scaledObject.Spec["minReplicaCount"].Int;
            var max = scaledObject.Spec["maxReplicaCount"].Int;
            min.ShouldNotBeNull();
            max.ShouldNotBeNull();
            min.Value.ShouldBeGreaterThanOrEqualTo(1, $"{scaledObject}: a cold start can outlast a step's timeout");
            max.Value.ShouldBeGreaterThan(min.Value, $"{scaledObject} can scale");

            // A replica count in the Deployment would be reset on every `kubectl apply`, fighting the autoscaler.
            var deployment = Kubernetes.Deployments.Single(candidate => candidate.Name == scaledObject.Spec.At("scaleTargetRef", "name").String);
            deployment.Spec["replicas"].Exists.ShouldBeFalse($"{deployment} leaves replicas to KEDA");
        }
    }

    [Fact]
    public void Triggers_authenticate_with_the_management_url_from_the_secret()
    {
        var authentications = Kubernetes.Keda.Where(manifest => manifest.Kind == "TriggerAuthentication").ToList();
        var secret = Kubernetes.SecretExample;
        var exampleKeys = secret.Document["stringData"].Entries.ToDictionary(entry => entry.Key, entry => entry.Value.String);
        var devKeys = Kubernetes.KustomizationIn("dev").GeneratedSecretKeys[secret.Name!];

        foreach (var trigger in Kubernetes.ScaledObjects.SelectMany(scaledObject => scaledObject.Spec["triggers"].Items))
        {
            trigger.At("metadata", "host").Exists.ShouldBeFalse("no broker URL (and password) in the ScaledObject itself");
            authentications.Select(authentication => authentication.Name).ShouldContain(trigger.At("authenticationRef", "name").String);
        }

        foreach (var reference in authentications.SelectMany(authentication => authentication.Spec["secretTargetRef"].Items))
        {
            reference["name"].String.ShouldBe(secret.Name);
            var key = reference["key"].String!;
            devKeys.ShouldContain(key);
            exampleKeys.ShouldContainKey(key);
            if (reference["parameter"].String == "host")
            {
                // KEDA's operator runs in its own namespace: a short Service name would not resolve there.
                var url = new Uri(exampleKeys[key]!);
                url.Scheme.ShouldBe("http");
                url.Port.ShouldBe(15672);
                url.Host.ShouldContain(".svc");
            }
        }
    }
}
