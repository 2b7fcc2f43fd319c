using System.ComponentModel.DataAnnotations;

namespace ImageSaga.Enrichment;

/// <summary>Where the offline gazetteer is and how far a photo may be from a place to be named after it.</summary>
public sealed class EnrichmentOptions
{
    public const string Section = "ImageSaga:Enrichment";

    /// <summary>The GeoNames-derived place file; defaults to <c>models/gazetteer/cities.tsv.gz</c> beside the executable.</summary>
    public string? GazetteerFile { get; set; }

    /// <summary>When false (the default) a missing gazetteer only costs place names, with a warning at start.</summary>
    public bool RequireGazetteer { get; set; }

    /// <summary>A GPS position farther than this from every known place gets coordinates but no place name.</summary>
    [Range(0.1, 500)]
    public double PlaceRadiusKm { get; set; } = 50;

    public string ResolveGazetteerFile() => Path.GetFullPath(string.IsNullOrWhiteSpace(GazetteerFile)
        ? Path.Combine(AppContext.BaseDirectory, "models", "gazetteer", "cities.tsv.gz")
        : GazetteerFile);
}
