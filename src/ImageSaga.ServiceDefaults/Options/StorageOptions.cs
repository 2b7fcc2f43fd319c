using System.ComponentModel.DataAnnotations;

namespace ImageSaga.ServiceDefaults.Options;

/// <summary>The claim-check image store.</summary>
public sealed class StorageOptions
{
    public const string Section = "ImageSaga:Storage";

    /// <summary>Root folder of the local image store; relative paths resolve against the data folder.</summary>
    [Required]
    public string Root { get; set; } = "images";
}
