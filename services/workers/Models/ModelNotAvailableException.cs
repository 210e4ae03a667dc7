namespace CodeTether.Workers.Models;

/// <summary>The task asked for a model this worker cannot reach; the message says what to configure.</summary>
public class ModelNotAvailableException(string message) : Exception(message);
