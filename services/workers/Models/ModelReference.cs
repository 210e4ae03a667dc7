namespace CodeTether.Workers.Models;

/// <summary>A model as <c>provider:model</c>, e.g. <c>openai:gpt-4o</c>.</summary>
public readonly record struct ModelReference(string Provider, string Model)
{
    public static bool TryParse(string value, out ModelReference reference)
    {
        var separator = value.IndexOf(':');
        reference = separator > 0 && separator < value.Length - 1
            ? new ModelReference(value[..separator], value[(separator + 1)..])
            : default;
        return separator > 0 && separator < value.Length - 1;
    }

    public override string ToString() => $"{Provider}:{Model}";
}
