namespace CodeTether.Workers.Tools;

/// <summary>A tool could not do what the model asked; the message goes back to the model as the tool's result.</summary>
public class ToolException(string message) : Exception(message);
