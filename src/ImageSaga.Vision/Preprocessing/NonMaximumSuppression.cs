namespace ImageSaga.Vision.Preprocessing;

/// <summary>A candidate box in corner form, with the class it belongs to (0 when the model has one class).</summary>
public readonly record struct ScoredBox(float X1, float Y1, float X2, float Y2, float Score, int ClassIndex)
{
    public float Area => Math.Max(0, X2 - X1) * Math.Max(0, Y2 - Y1);

    public float IntersectionOverUnion(ScoredBox other)
    {
        var width = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var height = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        if (width <= 0 || height <= 0)
            return 0;
        var intersection = width * height;
        return intersection / (Area + other.Area - intersection);
    }
}

public static class NonMaximumSuppression
{
    /// <summary>Greedy NMS per class: highest score first, dropping boxes of the same class that overlap a kept one.</summary>
    public static List<ScoredBox> Apply(IEnumerable<ScoredBox> candidates, float iouThreshold)
    {
        var kept = new List<ScoredBox>();
        foreach (var candidate in candidates.OrderByDescending(box => box.Score))
        {
            if (!kept.Any(box => box.ClassIndex == candidate.ClassIndex && box.IntersectionOverUnion(candidate) > iouThreshold))
                kept.Add(candidate);
        }

        return kept;
    }
}
