namespace ImageSaga.Vision.Preprocessing;

/// <summary>
/// How a 0..255 channel value becomes the model's float: <c>(value * Scale - Mean[channel]) / Std</c>. The means are
/// given per colour (R, G, B) whatever the tensor's channel order, so a BGR model's Caffe mean reads naturally.
/// </summary>
public readonly record struct PixelNormalization(float Scale, float MeanRed, float MeanGreen, float MeanBlue, float Std)
{
    /// <summary>Raw 0..255 (YOLOX, YuNet).</summary>
    public static readonly PixelNormalization Raw = new(1f, 0f, 0f, 0f, 1f);

    /// <summary>0..1 (NSFW MobileNetV2).</summary>
    public static readonly PixelNormalization UnitRange = new(1f / 255f, 0f, 0f, 0f, 1f);

    /// <summary>0..255 minus the Caffe ImageNet mean B 104, G 117, R 123 (SqueezeNet 1.1).</summary>
    public static readonly PixelNormalization CaffeMean = new(1f, 123f, 117f, 104f, 1f);

    public float Red(byte value) => (value * Scale - MeanRed) / Std;

    public float Green(byte value) => (value * Scale - MeanGreen) / Std;

    public float Blue(byte value) => (value * Scale - MeanBlue) / Std;
}
