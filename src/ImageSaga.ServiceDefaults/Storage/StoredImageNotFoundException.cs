namespace ImageSaga.ServiceDefaults.Storage;

public sealed class StoredImageNotFoundException(string key)
    : Exception($"Nothing is stored under the key '{key}'.")
{
    public string Key { get; } = key;
}
