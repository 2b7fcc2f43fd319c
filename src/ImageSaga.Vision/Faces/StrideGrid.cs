namespace ImageSaga.Vision.Faces;

/// <summary>
/// One of YuNet's three output heads: its stride, the names of its four outputs, and the column and row of every cell
/// (cell <c>i = row * columns + col</c>), computed once so decoding is a straight walk over the output spans.
/// </summary>
internal sealed class StrideGrid
{
    StrideGrid(int stride, int inputSize)
    {
        Stride = stride;
        var columns = inputSize / stride;
        var cells = columns * columns;
        Columns = new float[cells];
        Rows = new float[cells];
        for (var i = 0; i < cells; i++)
        {
            Columns[i] = i % columns;
            Rows[i] = i / columns;
        }
    }

    public int Stride { get; }

    public int Cells => Columns.Length;

    public float[] Columns { get; }

    public float[] Rows { get; }

    public string Scores => $"cls_{Stride}";

    public string Objectness => $"obj_{Stride}";

    public string Boxes => $"bbox_{Stride}";

    public string Keypoints => $"kps_{Stride}";

    public IEnumerable<string> OutputNames => [Scores, Objectness, Boxes, Keypoints];

    public static StrideGrid[] For(int inputSize, params int[] strides) =>
        strides.Select(stride => new StrideGrid(stride, inputSize)).ToArray();
}
