namespace ImageSaga.Contracts;

/// <summary>Camera and exposure EXIF fields; each is null when the image does not carry it.</summary>
public sealed record CameraSettings
{
    /// <summary>EXIF Make.</summary>
    public string? Make { get; init; }

    /// <summary>EXIF Model.</summary>
    public string? Model { get; init; }

    /// <summary>EXIF LensModel.</summary>
    public string? LensModel { get; init; }

    /// <summary>Exposure time in seconds.</summary>
    public double? ExposureTimeSeconds { get; init; }

    /// <summary>Exposure time as photographers write it, e.g. <c>1/125</c>.</summary>
    public string? ExposureTime { get; init; }

    /// <summary>The f-number, e.g. 4.0.</summary>
    public double? FNumber { get; init; }

    /// <summary>ISO speed.</summary>
    public int? Iso { get; init; }

    /// <summary>Focal length in millimetres.</summary>
    public double? FocalLengthMm { get; init; }
}
