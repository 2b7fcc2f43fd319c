using ImageSaga.Vision.Models;
using ImageSaga.Vision.Tests.Support;
using MicrosoftOptions = Microsoft.Extensions.Options.Options;

namespace ImageSaga.Vision.Tests.Models;

public sealed class ModelLoaderTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("imagesaga-models-").FullName;

    static ModelLoader LoaderOver(string folder) => new(MicrosoftOptions.Create(new VisionOptions { ModelFolder = folder }));

    [Fact]
    public void Refuses_a_missing_model_naming_the_file()
    {
        var error = Should.Throw<ModelUnavailableException>(() => LoaderOver(_folder).Open(ModelFile.YuNet));

        error.Message.ShouldContain(Path.Combine(_folder, "face_detection_yunet_2023mar.onnx"));
        error.Message.ShouldContain("missing");
    }

    [Fact]
    public void Refuses_a_model_whose_sha256_is_not_the_one_in_MODELS_md()
    {
        var original = File.ReadAllBytes(Path.Combine(VisionModels.Options.ResolveModelFolder(), ModelFile.YuNet.FileName));
        original[^1] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(_folder, ModelFile.YuNet.FileName), original);

        var error = Should.Throw<ModelUnavailableException>(() => LoaderOver(_folder).Open(ModelFile.YuNet));

        error.Message.ShouldContain(ModelFile.YuNet.Sha256);
        error.Message.ShouldContain(ModelFile.YuNet.FileName);
    }

    [Fact]
    public void Opens_every_shipped_model_and_its_labels()
    {
        var loader = VisionModels.Loader;
        foreach (var model in new[] { ModelFile.YoloxNano, ModelFile.SqueezeNet, ModelFile.YuNet, ModelFile.NsfwMobileNetV2 })
        {
            using var session = loader.Open(model);
            session.InputMetadata.Count.ShouldBe(1, model.Name);
        }

        loader.Labels("coco_labels.txt", 80)[0].ShouldBe("person");
        loader.Labels("nsfw_labels.txt", 5).ShouldBe(["Drawing", "Hentai", "Neutral", "Porn", "Sexy"]);
        Should.Throw<ModelUnavailableException>(() => loader.Labels("coco_labels.txt", 81));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
