namespace ImageSaga.Contracts;

/// <summary>The reason codes that failure events and failed sagas carry. Stable strings: clients match on them.</summary>
public static class AnalysisFailureReasons
{
    /// <summary>The bytes are not an image format the service decodes.</summary>
    public const string UnsupportedFormat = "unsupported-format";

    /// <summary>The image header or data is damaged or truncated.</summary>
    public const string Corrupt = "corrupt";

    /// <summary>The image exceeds the byte or pixel limit.</summary>
    public const string TooLarge = "too-large";

    /// <summary>The stored bytes do not have the SHA-256 the message claims.</summary>
    public const string ChecksumMismatch = "checksum-mismatch";

    /// <summary>Nothing is stored under the storage key.</summary>
    public const string NotFound = "not-found";

    /// <summary>The storage key is not a valid key of the image store (for example it escapes the store).</summary>
    public const string InvalidStorageKey = "invalid-storage-key";

    /// <summary>The message itself is invalid (missing ids, empty fields).</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>The step did not answer within its timeout on any attempt.</summary>
    public const string TimedOut = "timed-out";

    /// <summary>The step's consumer threw on every retry; its fault reached the saga.</summary>
    public const string StepFaulted = "step-faulted";
}
