namespace ImageSaga.Deployment.Tests.Infrastructure;

/// <summary>The manifests under deploy/kubernetes, read once.</summary>
static class Kubernetes
{
    static readonly Lazy<IReadOnlyList<Manifest>> Manifests = new(LoadManifests);
    static readonly Lazy<IReadOnlyList<Kustomization>> LoadedKustomizations = new(LoadKustomizations);

    public static string Folder => RepositoryRoot.Combine("deploy", "kubernetes");

    /// <summary>Every YAML file under deploy/, kustomizations included.</summary>
    public static IReadOnlyList<string> YamlFiles =>
    [
        .. Directory.EnumerateFiles(RepositoryRoot.Combine("deploy"), "*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Every object in every manifest under deploy/kubernetes (not the kustomizations).</summary>
    public static IReadOnlyList<Manifest> All => Manifests.Value;

    /// <summary>What <c>kubectl apply -k deploy/kubernetes</c> creates.</summary>
    public static IReadOnlyList<Manifest> Base => In("base");

    public static IReadOnlyList<Manifest> Keda => In("keda");

    public static IReadOnlyList<Manifest> Dev => In("dev");

    public static IReadOnlyList<Manifest> Deployments => [.. Base.Where(manifest => manifest.Kind == "Deployment")];

    public static IReadOnlyList<Manifest> ScaledObjects => [.. Keda.Where(manifest => manifest.Kind == "ScaledObject")];

    public static Manifest SecretExample =>
        All.Single(manifest => manifest.File == "deploy/kubernetes/secret.example.yaml" && manifest.Kind == "Secret");

    public static IReadOnlyList<Kustomization> Kustomizations => LoadedKustomizations.Value;

    public static Kustomization KustomizationIn(string folder) =>
        Kustomizations.Single(kustomization => kustomization.Folder == RepositoryRoot.Relative(Path.Combine(Folder, folder)).TrimEnd('/', '.'));

    /// <summary>The service a Deployment runs: its <c>ImageSaga__Services</c> value.</summary>
    public static string? SelectedServices(Manifest deployment) =>
        deployment.Container["env"].Items.FirstOrDefault(env => env["name"].String == "ImageSaga__Services")?["value"].String;

    /// <summary>
    /// The container's environment as the process sees it: <c>env</c> entries over the <c>envFrom</c> ConfigMaps
    /// (looked up among <paramref name="scope"/>), as Kubernetes merges them.
    /// </summary>
    public static IReadOnlyDictionary<string, EnvVar> Environment(Manifest workload, IReadOnlyList<Manifest> scope)
    {
        var variables = new Dictionary<string, EnvVar>(StringComparer.Ordinal);
        foreach (var source in workload.Container["envFrom"].Items)
        {
            var name = source.At("configMapRef", "name").String;
            var configMap = scope.SingleOrDefault(manifest => manifest.Kind == "ConfigMap" && manifest.Name == name)
                ?? throw new InvalidOperationException($"{workload} reads ConfigMap '{name}', which is not among the manifests.");
            foreach (var (key, value) in configMap.Document["data"].Entries)
                variables[key] = new EnvVar(key, value.String, null, null);
        }
        foreach (var env in workload.Container["env"].Items)
        {
            var name = env["name"].String!;
            var secret = env.At("valueFrom", "secretKeyRef");
            variables[name] = new EnvVar(name, env["value"].String, secret["name"].String, secret["key"].String);
        }
        return variables;
    }

    static IReadOnlyList<Manifest> In(string folder)
    {
        var prefix = $"deploy/kubernetes/{folder}/";
        return [.. All.Where(manifest => manifest.File.StartsWith(prefix, StringComparison.Ordinal))];
    }

    static IReadOnlyList<Manifest> LoadManifests() =>
    [
        .. YamlFiles
            .Where(path => path.StartsWith(Folder, StringComparison.Ordinal) && !Kustomization.IsKustomizationFile(path))
            .SelectMany(path => YamlValue.LoadAll(path).Select(document => new Manifest(RepositoryRoot.Relative(path), document))),
    ];

    static IReadOnlyList<Kustomization> LoadKustomizations() =>
        [.. YamlFiles.Where(Kustomization.IsKustomizationFile).Select(Kustomization.Load)];
}
