namespace ImageSaga.Deployment.Tests.Infrastructure;

/// <summary>The repository these tests were built from: the first folder above the test binaries holding ImageSaga.sln.</summary>
static class RepositoryRoot
{
    static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A path relative to the repository root, with forward slashes, for messages and comparisons.</summary>
    public static string Relative(string fullPath) =>
        System.IO.Path.GetRelativePath(Path, fullPath).Replace(System.IO.Path.DirectorySeparatorChar, '/');

    static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "ImageSaga.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No ImageSaga.sln above {AppContext.BaseDirectory}.");
    }
}
