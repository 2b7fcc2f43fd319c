using System.Globalization;
using ImageSaga.Contracts;
using ImageSaga.Vision.Models;
using ImageSaga.Vision.Preprocessing;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Moderation;

/// <summary>
/// The nsfwjs MobileNetV2 classifier (models/MODELS.md §5) and the configured flagging policy. One instance owns the
/// process's session; <see cref="Moderate"/> is thread-safe, so register it as a singleton.
/// </summary>
public sealed class ContentModerator : IDisposable
{
    const int InputSize = 224;
    const string LabelFile = "nsfw_labels.txt";

    public const string Drawing = "Drawing";
    public const string Hentai = "Hentai";
    public const string Neutral = "Neutral";
    public const string Porn = "Porn";
    public const string Sexy = "Sexy";

    static readonly string[] ExpectedLabels = [Drawing, Hentai, Neutral, Porn, Sexy];

    readonly InferenceSession _session;
    readonly ModerationOptions _policy;
    readonly IReadOnlyList<string> _labels;
    readonly string _inputName;
    readonly string _outputName;

    public ContentModerator(ModelLoader loader, IOptions<VisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(options);
        _policy = options.Value.Moderation;
        _labels = loader.Labels(LabelFile, ExpectedLabels.Length);
        if (!_labels.SequenceEqual(ExpectedLabels, StringComparer.Ordinal))
            throw new ModelUnavailableException(
                $"{LabelFile} lists {string.Join(", ", _labels)}; the policy needs {string.Join(", ", ExpectedLabels)} in that order.");

        _session = loader.Open(ModelFile.NsfwMobileNetV2);
        try
        {
            _inputName = _session.InputMetadata.Keys.Single();
            _outputName = _session.OutputMetadata.Keys.Single();
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public ModerationResult Moderate(Image<Rgb24> upright)
    {
        ArgumentNullException.ThrowIfNull(upright);

        var tensor = new DenseTensor<float>([1, 3, InputSize, InputSize]);
        // ImageSharp's Triangle (antialiased bilinear), not nsfwjs's plain align-corners bilinear: MODELS.md's photo
        // numbers were made with Triangle, under which all 16 shared photos are Neutral, while plain bilinear turns
        // rocket.jpg into Drawing 0.81. Scores therefore differ slightly from nsfwjs; neither choice flags a safe photo.
        using (var resized = Resizing.Stretch(upright, InputSize, InputSize))
            TensorWriter.Write(resized, tensor.Buffer, InputSize, InputSize, ChannelOrder.Rgb, PixelNormalization.UnitRange);

        using var outputs = MeasuredInference.Run(_session, ModelFile.NsfwMobileNetV2, [NamedOnnxValue.CreateFromTensor(_inputName, tensor)], [_outputName]);
        // The graph ends in softmax, so the outputs are probabilities already.
        if (outputs[0].AsTensor<float>() is not DenseTensor<float> output || output.Length != _labels.Count)
            throw new InvalidOperationException($"The moderation model's output {_outputName} is not {_labels.Count} floats.");

        var scores = output.Buffer.Span;
        var probabilities = new Dictionary<string, float>(_labels.Count, StringComparer.Ordinal);
        for (var i = 0; i < _labels.Count; i++)
            probabilities[_labels[i]] = scores[i];

        var (flagged, reason) = ApplyPolicy(probabilities, _policy);
        return new ModerationResult
        {
            Probabilities = probabilities,
            Flagged = flagged,
            Reason = reason,
            Model = ModelFile.NsfwMobileNetV2.Name,
        };
    }

    /// <summary>
    /// Flags when Porn + Hentai or Sexy is above its threshold (MODELS.md suggests 0.7 and 0.8); argmax alone is not used,
    /// because a safe photo's top class can still leave most of the mass on explicit labels. A missing label counts as 0.
    /// The reason names every rule that fired, e.g. <c>porn+hentai 0.82 &gt; 0.70</c>.
    /// </summary>
    public static (bool Flagged, string? Reason) ApplyPolicy(IReadOnlyDictionary<string, float> probabilities, ModerationOptions policy)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(policy);

        var explicitScore = probabilities.GetValueOrDefault(Porn) + probabilities.GetValueOrDefault(Hentai);
        var sexy = probabilities.GetValueOrDefault(Sexy);

        var reasons = new List<string>(2);
        if (explicitScore > policy.PornPlusHentaiAbove)
            reasons.Add(Rule("porn+hentai", explicitScore, policy.PornPlusHentaiAbove));
        if (sexy > policy.SexyAbove)
            reasons.Add(Rule("sexy", sexy, policy.SexyAbove));

        return reasons.Count == 0 ? (false, null) : (true, string.Join("; ", reasons));
    }

    public void Dispose() => _session.Dispose();

    static string Rule(string name, float value, float threshold) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.00} > {threshold:0.00}");
}
