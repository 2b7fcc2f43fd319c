namespace ImageSaga.Orchestrator.Persistence;

/// <summary>One line of a saga's execution history: what arrived, and what it did to the saga.</summary>
public sealed class ExecutionHistoryEntry
{
    public Guid SagaId { get; set; }

    /// <summary>0, 1, 2, … per saga; unique with <see cref="SagaId"/>.</summary>
    public int Sequence { get; set; }

    public DateTime At { get; set; }

    /// <summary>The message that caused the transition, e.g. <c>MetadataExtracted</c> or <c>Fault&lt;ExtractMetadata&gt;</c>.</summary>
    public string Event { get; set; } = "";

    public string FromState { get; set; } = "";

    public string ToState { get; set; } = "";

    public string? Detail { get; set; }

    public Guid? MessageId { get; set; }
}
