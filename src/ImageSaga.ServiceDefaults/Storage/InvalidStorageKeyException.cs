namespace ImageSaga.ServiceDefaults.Storage;

public sealed class InvalidStorageKeyException(string key, string reason)
    : Exception($"'{Truncate(key)}' is not a valid storage key: {reason}")
{
    public string Key { get; } = key;

    static string Truncate(string key) => key.Length <= 120 ? key : key[..120] + "…";
}
