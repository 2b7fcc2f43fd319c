using ImageSaga.Vision.Moderation;
using ImageSaga.Vision.Tests.Support;

namespace ImageSaga.Vision.Tests.Moderation;

/// <summary>One moderation session for every test in a class, as the service holds one per process.</summary>
public sealed class ContentModeratorFixture : IDisposable
{
    public ContentModerator Moderator { get; } =
        new(VisionModels.Loader, Microsoft.Extensions.Options.Options.Create(VisionModels.Options));

    public void Dispose() => Moderator.Dispose();
}
