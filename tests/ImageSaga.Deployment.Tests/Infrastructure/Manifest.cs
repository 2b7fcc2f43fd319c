namespace ImageSaga.Deployment.Tests.Infrastructure;

/// <summary>One Kubernetes object from a file under deploy/kubernetes.</summary>
sealed record Manifest(string File, YamlValue Document)
{
    public string? ApiVersion => Document["apiVersion"].String;

    public string? Kind => Document["kind"].String;

    public string? Name => Document.At("metadata", "name").String;

    public YamlValue Spec => Document["spec"];

    /// <summary>The pod template's only container (every workload here runs one).</summary>
    public YamlValue Container => PodSpec["containers"].Items.Single();

    public YamlValue PodSpec => Spec.At("template", "spec");

    public override string ToString() => $"{Kind} {Name} ({File})";
}

/// <summary>An environment variable of a container, resolved through <c>envFrom</c> ConfigMaps where it comes from one.</summary>
sealed record EnvVar(string Name, string? Value, string? SecretName, string? SecretKey)
{
    public bool FromSecret => SecretName is not null;
}
