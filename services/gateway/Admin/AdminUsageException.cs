namespace CodeTether.Gateway.Admin;

/// <summary>The operator asked for something that cannot be done as asked; the message says why.</summary>
public sealed class AdminUsageException(string message) : Exception(message);
