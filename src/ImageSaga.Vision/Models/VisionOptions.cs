using System.ComponentModel.DataAnnotations;

namespace ImageSaga.Vision.Models;

/// <summary>Where the models are, how ONNX Runtime may use the CPU, and each model's thresholds.</summary>
public sealed class VisionOptions
{
    public const string Section = "ImageSaga:Vision";

    /// <summary>Folder with the ONNX and label files; defaults to <c>models/</c> beside the executable.</summary>
    public string? ModelFolder { get; set; }

    /// <summary>Threads one inference may use. The consumers already run images in parallel, so 1 avoids oversubscription.</summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    [Range(1, 64)]
    public int InterOpThreads { get; set; } = 1;

    public DetectionOptions Detection { get; set; } = new();

    public ClassificationOptions Classification { get; set; } = new();

    public FaceOptions Faces { get; set; } = new();

    public ModerationOptions Moderation { get; set; } = new();

    public string ResolveModelFolder() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(ModelFolder) ? Path.Combine(AppContext.BaseDirectory, "models") : ModelFolder);
}

public sealed class DetectionOptions
{
    /// <summary>Keep detections with objectness × class score at or above this (MODELS.md: 0.3).</summary>
    [Range(0.0, 1.0)]
    public float ScoreThreshold { get; set; } = 0.3f;

    /// <summary>Per-class non-maximum suppression IoU (MODELS.md: 0.45).</summary>
    [Range(0.0, 1.0)]
    public float NmsIouThreshold { get; set; } = 0.45f;
}

public sealed class ClassificationOptions
{
    /// <summary>A top-1 probability below this is reported as low confidence ("unknown").</summary>
    [Range(0.0, 1.0)]
    public float LowConfidenceBelow { get; set; } = 0.3f;
}

public sealed class FaceOptions
{
    /// <summary>YuNet score threshold; MODELS.md measured real faces at 0.79–0.94 and false positives up to 0.62.</summary>
    [Range(0.0, 1.0)]
    public float ScoreThreshold { get; set; } = 0.75f;

    [Range(0.0, 1.0)]
    public float NmsIouThreshold { get; set; } = 0.3f;
}

public sealed class ModerationOptions
{
    /// <summary>Flag when Porn + Hentai is above this.</summary>
    [Range(0.0, 1.0)]
    public float PornPlusHentaiAbove { get; set; } = 0.7f;

    /// <summary>Flag when Sexy is above this.</summary>
    [Range(0.0, 1.0)]
    public float SexyAbove { get; set; } = 0.8f;
}
