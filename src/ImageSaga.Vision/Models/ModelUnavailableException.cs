namespace ImageSaga.Vision.Models;

/// <summary>A model or label file is missing or is not the file it should be; the service must not start.</summary>
public sealed class ModelUnavailableException(string message) : Exception(message);
