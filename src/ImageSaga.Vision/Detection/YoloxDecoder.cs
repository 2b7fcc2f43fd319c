using ImageSaga.Vision.Preprocessing;

namespace ImageSaga.Vision.Detection;

/// <summary>
/// Turns YOLOX's raw <c>[1, 3549, 85]</c> output into boxes in original-image pixels (MODELS.md section 1). The
/// output is not decoded by the model: each row is an anchor cell, strides 8, 16, 32 in turn, row-major inside a
/// stride, and holds <c>[tx, ty, tw, th, objectness, 80 class scores]</c> with the scores already sigmoided.
/// </summary>
internal sealed class YoloxDecoder
{
    public const int ClassCount = 80;
    public const int RowLength = 5 + ClassCount;

    // The grid offset and stride of every anchor row, computed once: the decode loop then only reads them.
    readonly float[] _gridX;
    readonly float[] _gridY;
    readonly float[] _stride;

    public YoloxDecoder(int inputSize, ReadOnlySpan<int> strides)
    {
        var rows = 0;
        foreach (var stride in strides)
            rows += (inputSize / stride) * (inputSize / stride);

        _gridX = new float[rows];
        _gridY = new float[rows];
        _stride = new float[rows];
        var row = 0;
        foreach (var stride in strides)
        {
            var cells = inputSize / stride;
            for (var y = 0; y < cells; y++)
            {
                for (var x = 0; x < cells; x++, row++)
                {
                    _gridX[row] = x;
                    _gridY[row] = y;
                    _stride[row] = stride;
                }
            }
        }
    }

    /// <summary>Anchor rows the model emits (3549 for 416 with strides 8/16/32).</summary>
    public int Rows => _stride.Length;

    /// <summary>
    /// Candidates at or above <paramref name="scoreThreshold"/>, divided by <paramref name="ratio"/> and clamped to the
    /// image (YOLOX reaches past the frame for an object that fills it). Boxes clamped to nothing are dropped.
    /// </summary>
    public List<ScoredBox> Decode(ReadOnlySpan<float> output, float ratio, int imageWidth, int imageHeight, float scoreThreshold)
    {
        if (output.Length < Rows * RowLength)
            throw new ArgumentException($"The output holds {output.Length} floats; {Rows}x{RowLength} expected.", nameof(output));

        var candidates = new List<ScoredBox>();
        for (var row = 0; row < Rows; row++)
        {
            var values = output.Slice(row * RowLength, RowLength);

            // score = objectness × best class score ≤ objectness, so most rows end here without scanning 80 classes.
            var objectness = values[4];
            if (objectness < scoreThreshold)
                continue;

            var classes = values[5..];
            var best = 0;
            for (var c = 1; c < classes.Length; c++)
            {
                if (classes[c] > classes[best])
                    best = c;
            }

            var score = objectness * classes[best];
            if (score < scoreThreshold)
                continue;

            var stride = _stride[row];
            var centerX = (values[0] + _gridX[row]) * stride;
            var centerY = (values[1] + _gridY[row]) * stride;
            var halfWidth = MathF.Exp(values[2]) * stride / 2;
            var halfHeight = MathF.Exp(values[3]) * stride / 2;

            var x1 = Math.Clamp((centerX - halfWidth) / ratio, 0, imageWidth);
            var y1 = Math.Clamp((centerY - halfHeight) / ratio, 0, imageHeight);
            var x2 = Math.Clamp((centerX + halfWidth) / ratio, 0, imageWidth);
            var y2 = Math.Clamp((centerY + halfHeight) / ratio, 0, imageHeight);
            if (x2 > x1 && y2 > y1)
                candidates.Add(new ScoredBox(x1, y1, x2, y2, score, best));
        }

        return candidates;
    }
}
