using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>Misconfiguration stops a service at start, with a message that says what to fix.</summary>
public sealed class ServiceStartupTests
{
    [Fact]
    public async Task A_vision_service_without_its_model_file_refuses_to_start_and_names_the_file()
    {
        // The labels are there; the model file is not.
        var emptyModels = Directory.CreateTempSubdirectory("imagesaga-no-models-").FullName;
        File.Copy(Path.Combine(HostProcess.RepositoryRoot, "models", "coco_labels.txt"), Path.Combine(emptyModels, "coco_labels.txt"));
        var dataFolder = Directory.CreateTempSubdirectory("imagesaga-startup-").FullName;
        try
        {
            var error = await Should.ThrowAsync<InvalidOperationException>(() => HostProcess.StartAsync("detection", "detection",
                new Dictionary<string, string>
                {
                    ["ImageSaga__DataFolder"] = dataFolder,
                    ["ImageSaga__Vision__ModelFolder"] = emptyModels,
                }, readyWithin: TimeSpan.FromSeconds(60)));

            error.Message.ShouldContain("exited with code 1");
            error.Message.ShouldContain("cannot start");
            error.Message.ShouldContain(Path.Combine(emptyModels, "yolox_nano.onnx"));
        }
        finally
        {
            Directory.Delete(emptyModels, recursive: true);
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_service_name_refuses_to_start_and_lists_the_known_ones()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => HostProcess.StartAsync("typo", "orchestrator,detectoin",
            new Dictionary<string, string>(), readyWithin: TimeSpan.FromSeconds(60)));

        error.Message.ShouldContain("detectoin");
        error.Message.ShouldContain("moderation");
    }
}
