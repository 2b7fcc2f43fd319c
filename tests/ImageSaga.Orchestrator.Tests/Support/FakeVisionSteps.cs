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

/// <summary>Stands in for the enrichment service: answers as the script says, with insights naming what it was sent.</summary>
public sealed class FakeEnrichmentStep(StepScript script) : IConsumer<EnrichImageAnalysis>
{
    public Task Consume(ConsumeContext<EnrichImageAnalysis> context)
    {
        script.EnrichmentCommands.Enqueue(context.Message);
        return script.Enrichment.Behaviour switch
        {
            StepBehaviour.Succeed => context.Publish(new ImageAnalysisEnriched
            {
                ImageId = context.Message.ImageId,
                Insights = new ImageInsights
                {
                    Description = context.Message.Detection?.Objects is [var first, ..] ? $"a {first.Label}" : "a photo",
                    Priority = NotificationPriority.High,
                    InterestMatches = ["cat"],
                },
            }),
            StepBehaviour.Fail => context.Publish(new ImageEnrichmentFailed
            {
                ImageId = context.Message.ImageId,
                ReasonCode = script.Enrichment.ReasonCode,
                Message = "scripted enrichment failure",
            }),
            StepBehaviour.Throw => throw new InvalidOperationException("scripted enrichment crash"),
            _ => Task.CompletedTask,
        };
    }
}

public sealed class FakeModerationStep(StepScript script) : IConsumer<ModerateContent>
{
    public Task Consume(ConsumeContext<ModerateContent> context) => script.Moderation.Behaviour == StepBehaviour.Fail
        ? context.Publish(new ContentModerationFailed { ImageId = context.Message.ImageId, ReasonCode = script.Moderation.ReasonCode })
        : context.Publish(new ContentModerated
        {
            ImageId = context.Message.ImageId,
            Result = script.ModerationFlags
                ? new ModerationResult { Probabilities = new Dictionary<string, float> { ["Porn"] = 0.9f, ["Neutral"] = 0.1f }, Flagged = true,
                    Reason = "porn+hentai 0.90 > 0.70", Model = "fake" }
                : new ModerationResult { Probabilities = new Dictionary<string, float> { ["Neutral"] = 1f }, Model = "fake" },
        });
}
