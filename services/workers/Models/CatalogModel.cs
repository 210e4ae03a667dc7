namespace CodeTether.Workers.Models;

/// <summary>A catalogue entry: the friendly name, the <c>provider:model</c> reference it stands for, and its provider.</summary>
public sealed record CatalogModel(string Name, string ModelRef, string Provider);
