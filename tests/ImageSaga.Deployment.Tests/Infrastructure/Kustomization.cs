namespace ImageSaga.Deployment.Tests.Infrastructure;

/// <summary>A kustomization.yaml: what it lists, and the lines it lists only in a comment (optional resources).</summary>
sealed record Kustomization(string File, YamlValue Document, IReadOnlyList<string> CommentedResources)
{
    /// <summary>The folder, relative to the repository root.</summary>
    public string Folder => File[..File.LastIndexOf('/')];

    public string? Namespace => Document["namespace"].String;

    public IReadOnlyList<string> Resources => [.. Document["resources"].Items.Select(item => item.String!)];

    /// <summary>Patches given as files (inline patches have no path).</summary>
    public IReadOnlyList<string> PatchFiles => [.. Document["patches"].Items.Select(patch => patch["path"].String).OfType<string>()];

    public IReadOnlyList<YamlValue> Images => Document["images"].Items;

    /// <summary>Keys of the Secrets this kustomization generates, by Secret name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GeneratedSecretKeys =>
        Document["secretGenerator"].Items.ToDictionary(
            generator => generator["name"].String!,
            generator => (IReadOnlyList<string>)[.. generator["literals"].Items.Select(literal => literal.String!.Split('=', 2)[0])]);

    public string FullPath(string relative) => Path.GetFullPath(Path.Combine(RepositoryRoot.Path, Folder, relative));

    public static bool IsKustomizationFile(string path) => Path.GetFileName(path) is "kustomization.yaml" or "kustomization.yml";

    public static Kustomization Load(string path)
    {
        // "  # - api-ingress.yaml  # optional..." names a resource that is left out on purpose.
        var commented = System.IO.File.ReadLines(path)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("# - ", StringComparison.Ordinal))
            .Select(line => line[4..].Split('#')[0].Trim())
            .Where(entry => entry.Length > 0)
            .ToList();
        return new Kustomization(RepositoryRoot.Relative(path), YamlValue.Load(path), commented);
    }
}
