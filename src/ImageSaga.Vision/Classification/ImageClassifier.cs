using System.Buffers;
using ImageSaga.Contracts;
using ImageSaga.Vision.Models;
using ImageSaga.Vision.Preprocessing;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Vision.Classification;

/// <summary>
/// ImageNet-1000 classification with SqueezeNet 1.1 (MODELS.md section 2): shorter side to 256, centre crop 224,
/// BGR minus the Caffe mean; the model ends in a softmax, so its outputs are probabilities. One session per instance;
/// register it as a singleton. <see cref="Classify"/> is thread-safe.
/// </summary>
public sealed class ImageClassifier : IDisposable
{
    const int ClassCount = 1000;
    const int ShorterSide = 256;
    const int CropSize = 224;
    const int TopCount = 5;

    readonly InferenceSession _session;
    readonly string[] _labels;
    readonly ClassificationOptions _options;
    readonly string _inputName;
    readonly string _outputName;

    public ImageClassifier(ModelLoader loader, IOptions<VisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Classification;
        _labels = loader.Labels("imagenet_labels.txt", ClassCount).Select(ShortName).ToArray();
        _session = loader.Open(ModelFile.SqueezeNet);
        _inputName = _session.InputNames[0];
        _outputName = _session.OutputNames[0];
    }

    /// <summary>Classifies an image that is already upright (EXIF orientation applied): the five most probable classes.</summary>
    public ClassificationResult Classify(Image<Rgb24> upright)
    {
        ArgumentNullException.ThrowIfNull(upright);

        const int inputLength = 3 * CropSize * CropSize;
        var input = TensorBuffers.Pool.Rent(inputLength);
        var output = TensorBuffers.Pool.Rent(ClassCount);
        try
        {
            using (var cropped = Resizing.ResizeAndCenterCrop(upright, ShorterSide, CropSize))
            {
                TensorWriter.Write(cropped, input.AsMemory(0, inputLength), CropSize, CropSize,
                    ChannelOrder.Bgr, PixelNormalization.CaffeMean);
            }

            var inputTensor = new DenseTensor<float>(input.AsMemory(0, inputLength), [1, 3, CropSize, CropSize]);
            var outputTensor = new DenseTensor<float>(output.AsMemory(0, ClassCount), [1, ClassCount, 1, 1]);
            MeasuredInference.Run(_session, ModelFile.SqueezeNet,
                [NamedOnnxValue.CreateFromTensor(_inputName, inputTensor)],
                [NamedOnnxValue.CreateFromTensor(_outputName, outputTensor)]);

            var top = TopIndices(output.AsSpan(0, ClassCount));
            var labels = new ClassLabel[top.Length];
            for (var i = 0; i < top.Length; i++)
                labels[i] = new ClassLabel { Label = _labels[top[i]], Probability = output[top[i]] };

            return new ClassificationResult
            {
                Top = labels,
                LowConfidence = labels[0].Probability < _options.LowConfidenceBelow,
                Model = ModelFile.SqueezeNet.Name,
            };
        }
        finally
        {
            TensorBuffers.Pool.Return(output);
            TensorBuffers.Pool.Return(input);
        }
    }

    public void Dispose() => _session.Dispose();

    /// <summary>"tabby, tabby cat" → "tabby": the text before the first comma (MODELS.md).</summary>
    internal static string ShortName(string label)
    {
        var comma = label.IndexOf(',', StringComparison.Ordinal);
        return (comma < 0 ? label : label[..comma]).Trim();
    }

    /// <summary>Indices of the <see cref="TopCount"/> largest values, largest first (one pass, no sort of 1000).</summary>
    internal static int[] TopIndices(ReadOnlySpan<float> values)
    {
        var count = Math.Min(TopCount, values.Length);
        var top = new int[count];
        var filled = 0;
        for (var i = 0; i < values.Length; i++)
        {
            // Insertion into a short sorted list; NaN never compares greater, so it never enters.
            var position = filled;
            while (position > 0 && values[i] > values[top[position - 1]])
                position--;
            if (position >= count)
                continue;

            for (var j = Math.Min(filled, count - 1); j > position; j--)
                top[j] = top[j - 1];
            top[position] = i;
            if (filled < count)
                filled++;
        }

        return filled == count ? top : top[..filled];
    }
}
