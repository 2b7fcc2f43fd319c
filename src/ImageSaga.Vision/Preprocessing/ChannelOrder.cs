namespace ImageSaga.Vision.Preprocessing;

/// <summary>The channel order a model expects. YOLOX, YuNet and SqueezeNet want BGR; NSFW wants RGB (MODELS.md).</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
}
