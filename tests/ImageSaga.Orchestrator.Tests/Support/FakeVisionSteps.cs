using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.Orchestrator.Tests.Support;

// Stand-ins for the four vision services on their real queues; each answers with a sample result. Moderation fails
// when the test's script says so. (One consumer type per queue: MassTransit registers a consumer type once.)

public sealed class FakeDetectionStep : IConsumer<DetectObjects>
{
    public Task Consume(ConsumeContext<DetectObjects> context) => context.Publish(new ObjectsDetected
    {
        ImageId = context.Message.ImageId,
        Result = new ObjectDetectionResult { Objects = [new DetectedObject { Label = "cat", Score = 0.9f }], Model = "fake" },
    });
}

public sealed class FakeClassificationStep : IConsumer<ClassifyImage>
{
    public Task Consume(ConsumeContext<ClassifyImage> context) => context.Publish(new ImageClassified
    {
        ImageId = context.Message.ImageId,
        Result = new ClassificationResult { Top = [new ClassLabel { Label = "tabby", Probability = 0.8f }], Model = "fake" },
    });
}

public sealed class FakeFacesStep : IConsumer<DetectFaces>
{
    public Task Consume(ConsumeContext<DetectFaces> context) => context.Publish(new FacesDetected
    {
        ImageId = context.Message.ImageId,
        Result = new FaceDetectionResult { Count = 0, Model = "fake" },
    });
}

public sealed class FakeModerationStep(StepScript script) : IConsumer<ModerateContent>
{
    public Task Consume(ConsumeContext<ModerateContent> context) => script.Moderation.Behaviour == StepBehaviour.Fail
        ? context.Publish(new ContentModerationFailed { ImageId = context.Message.ImageId, ReasonCode = script.Moderation.ReasonCode })
        : context.Publish(new ContentModerated
        {
            ImageId = context.Message.ImageId,
            Result = new ModerationResult { Probabilities = new Dictionary<string, float> { ["Neutral"] = 1f }, Model = "fake" },
        });
}
