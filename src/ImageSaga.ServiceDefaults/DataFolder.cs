using ImageSaga.ServiceDefaults.Options;
using Microsoft.Extensions.Options;

namespace ImageSaga.ServiceDefaults;

/// <summary>The local data folder (SQLite file, image store); created on first use.</summary>
public sealed class DataFolder(IOptions<ImageSagaOptions> options)
{
    public string Path { get; } = System.IO.Path.GetFullPath(options.Value.DataFolder);

    /// <summary>
    /// Resolves a path relative to the data folder (absolute paths are returned as they are) and makes sure the
    /// folder that will contain it exists.
    /// </summary>
    public string Resolve(string path)
    {
        var full = System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(Path, path));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }
}
