namespace CodeTether.Workers.Agents;

public record WorkerIdentity(string Id);
