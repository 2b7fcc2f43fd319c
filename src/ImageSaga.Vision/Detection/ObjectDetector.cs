using System.Buffers;
using ImageSaga.Contracts;
using ImageSaga.Vision.Models;
using ImageSaga.Vision.Preprocessing;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Detection;

/// <summary>
/// COCO-80 object detection with YOLOX-Nano (MODELS.md section 1): letterbox to 416 at the top-left with grey 114,
/// BGR 0..255, decode the anchor grid, per-class NMS, boxes back in upright-image pixels. One session per instance;
/// register it as a singleton. <see cref="Detect"/> is thread-safe.
/// </summary>
public sealed class ObjectDetector : IDisposable
{
    const int InputSize = 416;
    const byte PadValue = 114;
    static readonly int[] Strides = [8, 16, 32];

    readonly InferenceSession _session;
    readonly IReadOnlyList<string> _labels;
    readonly DetectionOptions _options;
    readonly YoloxDecoder _decoder = new(InputSize, Strides);
    readonly string _inputName;
    readonly string _outputName;

    public ObjectDetector(ModelLoader loader, IOptions<VisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Detection;
        _labels = loader.Labels("coco_labels.txt", YoloxDecoder.ClassCount);
        _session = loader.Open(ModelFile.YoloxNano);
        _inputName = _session.InputNames[0];
        _outputName = _session.OutputNames[0];
    }

    /// <summary>Detects objects in an image that is already upright (EXIF orientation applied).</summary>
    public ObjectDetectionResult Detect(Image<Rgb24> upright)
    {
        ArgumentNullException.ThrowIfNull(upright);

        const int inputLength = 3 * InputSize * InputSize;
        var outputLength = _decoder.Rows * YoloxDecoder.RowLength;

        // Pooled buffers: concurrent calls each get their own, and steady-state calls allocate no tensors.
        var input = TensorBuffers.Pool.Rent(inputLength);
        var output = TensorBuffers.Pool.Rent(outputLength);
        try
        {
            float ratio;
            using (var letterboxed = Resizing.Letterbox(upright, InputSize))
            {
                ratio = letterboxed.Ratio;
                TensorWriter.Write(letterboxed.Image, input.AsMemory(0, inputLength), InputSize, InputSize,
                    ChannelOrder.Bgr, PixelNormalization.Raw, PadValue);
            }

            var inputTensor = new DenseTensor<float>(input.AsMemory(0, inputLength), [1, 3, InputSize, InputSize]);
            var outputTensor = new DenseTensor<float>(output.AsMemory(0, outputLength), [1, _decoder.Rows, YoloxDecoder.RowLength]);
            MeasuredInference.Run(_session, ModelFile.YoloxNano,
                [NamedOnnxValue.CreateFromTensor(_inputName, inputTensor)],
                [NamedOnnxValue.CreateFromTensor(_outputName, outputTensor)]);

            var candidates = _decoder.Decode(output.AsSpan(0, outputLength), ratio, upright.Width, upright.Height,
                _options.ScoreThreshold);
            var kept = NonMaximumSuppression.Apply(candidates, _options.NmsIouThreshold);

            return new ObjectDetectionResult
            {
                Objects = kept
                    .OrderByDescending(box => box.Score)
                    .Select(box => new DetectedObject
                    {
                        Label = _labels[box.ClassIndex],
                        Score = box.Score,
                        Box = new BoundingBox { X = box.X1, Y = box.Y1, Width = box.X2 - box.X1, Height = box.Y2 - box.Y1 },
                    })
                    .ToList(),
                ImageWidth = upright.Width,
                ImageHeight = upright.Height,
                Model = ModelFile.YoloxNano.Name,
            };
        }
        finally
        {
            TensorBuffers.Pool.Return(output);
            TensorBuffers.Pool.Return(input);
        }
    }

    public void Dispose() => _session.Dispose();
}
