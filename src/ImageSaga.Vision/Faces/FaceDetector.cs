using System.Buffers;
using ImageSaga.Contracts;
using ImageSaga.Vision.Models;
using ImageSaga.Vision.Preprocessing;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Faces;

/// <summary>
/// YuNet (models/MODELS.md §3): faces with five landmarks, in pixels of the upright image. One instance owns the
/// process's YuNet session; <see cref="Detect"/> is thread-safe, so register it as a singleton.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    const int InputSize = 640;
    const int LandmarkCount = 5;

    /// <summary>Output order of the landmark pairs; "right" is the subject's right, which is the image's left.</summary>
    static readonly string[] LandmarkNames = ["right-eye", "left-eye", "nose", "right-mouth", "left-mouth"];

    readonly InferenceSession _session;
    readonly FaceOptions _options;
    readonly string _inputName;
    readonly StrideGrid[] _grids = StrideGrid.For(InputSize, 8, 16, 32);
    readonly string[] _outputNames;

    public FaceDetector(ModelLoader loader, IOptions<VisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Faces;
        _session = loader.Open(ModelFile.YuNet);
        try
        {
            _inputName = _session.InputMetadata.Keys.Single();
            _outputNames = _grids.SelectMany(grid => grid.OutputNames).ToArray();
            var missing = _outputNames.Where(name => !_session.OutputMetadata.ContainsKey(name)).ToList();
            if (missing.Count > 0)
                throw new ModelUnavailableException(
                    $"{ModelFile.YuNet.FileName} has no output(s) {string.Join(", ", missing)}; it has {string.Join(", ", _session.OutputMetadata.Keys)}.");
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public FaceDetectionResult Detect(Image<Rgb24> upright)
    {
        ArgumentNullException.ThrowIfNull(upright);

        const int length = 3 * InputSize * InputSize;
        // 4.9 MB per call would land on the large object heap every time; a pooled buffer keeps the GC out of it.
        var buffer = TensorBuffers.Pool.Rent(length);
        try
        {
            var tensor = new DenseTensor<float>(buffer.AsMemory(0, length), [1, 3, InputSize, InputSize]);
            float ratio;
            using (var letterboxed = Resizing.Letterbox(upright, InputSize))
            {
                TensorWriter.Write(letterboxed.Image, tensor.Buffer, InputSize, InputSize, ChannelOrder.Bgr,
                    PixelNormalization.Raw, padValue: 0);
                ratio = letterboxed.Ratio;
            }

            using var outputs = MeasuredInference.Run(_session, ModelFile.YuNet, [NamedOnnxValue.CreateFromTensor(_inputName, tensor)], _outputNames);
            var byName = outputs.ToDictionary(output => output.Name, output => output);
            var candidates = new Dictionary<ScoredBox, Landmark[]>();
            foreach (var grid in _grids)
                Decode(grid, byName, ratio, candidates);

            var faces = NonMaximumSuppression.Apply(candidates.Keys, _options.NmsIouThreshold)
                .Select(box => ToFace(box, candidates[box], upright.Width, upright.Height))
                .Where(face => face.Box.Width > 0 && face.Box.Height > 0)
                .OrderByDescending(face => face.Score)
                .ToList();

            return new FaceDetectionResult { Count = faces.Count, Faces = faces, Model = ModelFile.YuNet.Name };
        }
        finally
        {
            TensorBuffers.Pool.Return(buffer);
        }
    }

    public void Dispose() => _session.Dispose();

    void Decode(StrideGrid grid, Dictionary<string, DisposableNamedOnnxValue> outputs, float ratio,
        Dictionary<ScoredBox, Landmark[]> candidates)
    {
        var scores = Floats(outputs, grid.Scores, grid.Cells, 1);
        var objectness = Floats(outputs, grid.Objectness, grid.Cells, 1);
        var boxes = Floats(outputs, grid.Boxes, grid.Cells, 4);
        var keypoints = Floats(outputs, grid.Keypoints, grid.Cells, 2 * LandmarkCount);
        float stride = grid.Stride;
        var scale = stride / ratio;

        for (var i = 0; i < grid.Cells; i++)
        {
            var score = MathF.Sqrt(Math.Clamp(scores[i], 0f, 1f) * Math.Clamp(objectness[i], 0f, 1f));
            if (score < _options.ScoreThreshold)
                continue;

            var column = grid.Columns[i];
            var row = grid.Rows[i];
            var box = boxes.Slice(i * 4, 4);
            var centerX = (column + box[0]) * scale;
            var centerY = (row + box[1]) * scale;
            var halfWidth = MathF.Exp(box[2]) * scale / 2;
            var halfHeight = MathF.Exp(box[3]) * scale / 2;

            var points = keypoints.Slice(i * 2 * LandmarkCount, 2 * LandmarkCount);
            var landmarks = new Landmark[LandmarkCount];
            for (var k = 0; k < LandmarkCount; k++)
            {
                landmarks[k] = new Landmark
                {
                    Name = LandmarkNames[k],
                    X = (points[2 * k] + column) * scale,
                    Y = (points[(2 * k) + 1] + row) * scale,
                };
            }

            // NMS hands back the kept boxes themselves, so each box's landmarks are found again by value.
            candidates.TryAdd(
                new ScoredBox(centerX - halfWidth, centerY - halfHeight, centerX + halfWidth, centerY + halfHeight, score, 0),
                landmarks);
        }
    }

    static ReadOnlySpan<float> Floats(Dictionary<string, DisposableNamedOnnxValue> outputs, string name, int cells, int channels)
    {
        if (outputs[name].AsTensor<float>() is not DenseTensor<float> tensor || tensor.Length != (long)cells * channels)
            throw new InvalidOperationException($"YuNet output {name} is not a dense float tensor of {cells}x{channels}.");
        return tensor.Buffer.Span;
    }

    static DetectedFace ToFace(ScoredBox box, Landmark[] landmarks, int width, int height)
    {
        // Boxes (and landmarks of faces cut by the frame) can reach past the image; the contract promises pixels inside it.
        var x1 = Math.Clamp(box.X1, 0, width);
        var y1 = Math.Clamp(box.Y1, 0, height);
        var x2 = Math.Clamp(box.X2, 0, width);
        var y2 = Math.Clamp(box.Y2, 0, height);
        return new DetectedFace
        {
            Score = box.Score,
            Box = new BoundingBox { X = x1, Y = y1, Width = x2 - x1, Height = y2 - y1 },
            Landmarks = landmarks
                .Select(point => point with { X = Math.Clamp(point.X, 0, width), Y = Math.Clamp(point.Y, 0, height) })
                .ToList(),
        };
    }
}
