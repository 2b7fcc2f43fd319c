namespace ImageSaga.Contracts;

/// <summary>
/// What every analysis command carries: the claim check of the image to analyse. Commands are sent to the step's
/// own queue; the step replies with its result event or its typed failure event.
/// </summary>
public interface IAnalysisStepCommand
{
    /// <summary>The image (and saga) the command belongs to.</summary>
    Guid ImageId { get; }

    /// <summary>The claim-check key of the original in the image store.</summary>
    string StorageKey { get; }

    /// <summary>Lower-case hex SHA-256 the stored bytes must have.</summary>
    string Sha256 { get; }

    /// <summary>1 for the first dispatch; the saga increments it when a step timed out and is sent again.</summary>
    int Attempt { get; }
}
