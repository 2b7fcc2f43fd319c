namespace ImageSaga.Vision.Models;

/// <summary>A model file the project ships, with the SHA-256 from models/MODELS.md that it must have.</summary>
public sealed record ModelFile(string Name, string FileName, string Sha256)
{
    public static readonly ModelFile YoloxNano = new("yolox_nano", "yolox_nano.onnx",
        "695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14");

    public static readonly ModelFile SqueezeNet = new("squeezenet1.1", "squeezenet1.1-imagenet.onnx",
        "07978c62730c1784101b2595eb4d62c0e164ba12c81160d2d012cba1b978905b");

    public static readonly ModelFile YuNet = new("yunet_2023mar", "face_detection_yunet_2023mar.onnx",
        "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4");

    public static readonly ModelFile NsfwMobileNetV2 = new("nsfw_mobilenet_v2", "nsfw_mobilenet_v2.onnx",
        "2ed28f5309124ad05c3027e535f0a9fa456dd8375f80c51146c0c7b66c6c2e10");
}
