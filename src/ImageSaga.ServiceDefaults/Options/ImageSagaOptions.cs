namespace ImageSaga.ServiceDefaults.Options;

/// <summary>Top-level settings shared by every host.</summary>
public sealed class ImageSagaOptions
{
    public const string Section = "ImageSaga";

    /// <summary>
    /// The folder for local state (SQLite database, image store). Relative paths resolve against the working directory,
    /// so <c>dotnet run</c> from the repository root uses <c>./data</c>.
    /// </summary>
    public string DataFolder { get; set; } = "data";
}
