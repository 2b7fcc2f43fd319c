namespace ImageSaga.Users.History;

/// <summary>A label of an image in the user's history, with the confidence it was seen with.</summary>
public sealed record ImageLabel(string Label, float Confidence);
