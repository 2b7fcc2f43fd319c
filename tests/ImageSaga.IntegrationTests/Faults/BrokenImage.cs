namespace ImageSaga.IntegrationTests.Faults;

/// <summary>How a stored image is broken for every step that reads it, on every try.</summary>
public enum BrokenImage
{
    /// <summary>Every open fails with an I/O error: the step throws on every retry and redelivery (a poison message).</summary>
    FailsEveryRead,

    /// <summary>Every open blocks forever: the step never answers (a hang), only the saga's deadline ends it.</summary>
    HangsEveryRead,
}
