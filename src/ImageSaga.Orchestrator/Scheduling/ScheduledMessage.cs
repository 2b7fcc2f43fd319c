namespace ImageSaga.Orchestrator.Scheduling;

/// <summary>A message that MassTransit asked to be sent later (Schedule, delayed redelivery), kept until it is sent.</summary>
public sealed class ScheduledMessage
{
    /// <summary>The scheduling token: <c>Unschedule</c> cancels by it, and a repeated schedule with it replaces the row.</summary>
    public Guid TokenId { get; set; }

    public DateTime DueAt { get; set; }

    public string Destination { get; set; } = "";

    /// <summary>The message type URNs, separated by ';'.</summary>
    public string MessageTypes { get; set; } = "";

    /// <summary>The payload as JSON.</summary>
    public string Body { get; set; } = "";

    /// <summary>Headers to restore on the sent message (redelivery counts, trace ids), as a JSON object.</summary>
    public string? Headers { get; set; }

    public Guid? CorrelationId { get; set; }

    public Guid? ConversationId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Set by Unschedule. The row stays as a tombstone for a day, because the cancel can overtake its schedule on
    /// the scheduler queue; a schedule that arrives for a cancelled token is then ignored instead of resurrected.
    /// </summary>
    public DateTime? CancelledAt { get; set; }

    /// <summary>Claimed by a dispatcher until this time; lets several orchestrators share the table without double sends.</summary>
    public DateTime? LockedUntil { get; set; }
}
