using ImageSaga.Contracts;

namespace ImageSaga.Imaging;

/// <summary>
/// The input explains why the image cannot be analysed. Consumers turn it into a typed <c>...Failed</c> event;
/// anything else that escapes is a bug and becomes a MassTransit fault.
/// </summary>
public sealed class ImageRejectedException : Exception
{
    /// <param name="reasonCode">One of <see cref="AnalysisFailureReasons"/>.</param>
    /// <param name="message">A human-readable explanation.</param>
    public ImageRejectedException(string reasonCode, string message)
        : base(message) => ReasonCode = reasonCode;

    /// <param name="reasonCode">One of <see cref="AnalysisFailureReasons"/>.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <param name="innerException">The decoder's own exception, kept for the logs.</param>
    public ImageRejectedException(string reasonCode, string message, Exception innerException)
        : base(message, innerException) => ReasonCode = reasonCode;

    /// <summary>One of <see cref="AnalysisFailureReasons"/>.</summary>
    public string ReasonCode { get; }
}
