using ImageSaga.Deployment.Tests.Infrastructure;

namespace ImageSaga.Deployment.Tests;

/// <summary>The kustomizations build from what is there, and nothing under deploy/kubernetes is forgotten.</summary>
public sealed class KustomizationTests
{
    [Fact]
    public void Every_file_a_kustomization_lists_exists()
    {
        Kubernetes.Kustomizations.Count.ShouldBeGreaterThanOrEqualTo(5);
        foreach (var kustomization in Kubernetes.Kustomizations)
        {
            (kustomization.Resources.Count > 0 || kustomization.Document["configMapGenerator"].Items.Count > 0)
                .ShouldBeTrue($"{kustomization.File} lists resources or generates ConfigMaps");
            foreach (var file in kustomization.Document["configMapGenerator"].Items.SelectMany(generator => generator["files"].Items))
                File.Exists(kustomization.FullPath(file.String!)).ShouldBeTrue($"{kustomization.File} generates a ConfigMap from {file.String}");
            foreach (var resource in kustomization.Resources)
            {
                var path = kustomization.FullPath(resource);
                var exists = File.Exists(path) || File.Exists(Path.Combine(path, "kustomization.yaml"));
                exists.ShouldBeTrue($"{kustomization.File} lists {resource}");
            }
            foreach (var patch in kustomization.PatchFiles)
                File.Exists(kustomization.FullPath(patch)).ShouldBeTrue($"{kustomization.File} patches with {patch}");
        }
    }

    [Fact]
    public void Every_manifest_is_applied_by_a_kustomization_or_left_out_on_purpose()
    {
        var listed = Kubernetes.Kustomizations
            .SelectMany(kustomization => kustomization.Resources.Select(kustomization.FullPath))
            .ToHashSet();
        var optional = Kubernetes.Kustomizations
            .SelectMany(kustomization => kustomization.CommentedResources.Select(kustomization.FullPath))
            .ToHashSet();

        foreach (var file in Kubernetes.YamlFiles.Where(path => !Kustomization.IsKustomizationFile(path)))
        {
            if (file.EndsWith(".example.yaml", StringComparison.Ordinal))
            {
                listed.ShouldNotContain(file, "an example is copied and filled in, never applied as it is");
                continue;
            }
            (listed.Contains(file) || optional.Contains(file)).ShouldBeTrue(
                $"{RepositoryRoot.Relative(file)} is listed in a kustomization.yaml (or in a commented '# - {Path.GetFileName(file)}' line)");
        }
    }

    [Fact]
    public void Everything_lands_in_the_imagesaga_namespace()
    {
        var namespaces = Kubernetes.Base.Where(manifest => manifest.Kind == "Namespace").ToList();
        var ns = namespaces.ShouldHaveSingleItem().Name;
        foreach (var kustomization in Kubernetes.Kustomizations)
            kustomization.Namespace.ShouldBe(ns, kustomization.File);
        foreach (var manifest in Kubernetes.All.Where(manifest => manifest.Kind != "Namespace"))
        {
            var own = manifest.Document.At("metadata", "namespace").String;
            (own is null || own == ns).ShouldBeTrue($"{manifest} is in namespace {own}");
        }
    }
}
