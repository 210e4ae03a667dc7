namespace CodeTether.Workers.Agents;

public static class ResultSummary
{
    public const int MaxLength = 280;

    /// <summary>The first paragraph of a result, cut at a word boundary to at most <see cref="MaxLength"/> characters.</summary>
    public static string Of(string result)
    {
        var text = result.Trim();
        var paragraphEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (paragraphEnd > 0)
            text = text[..paragraphEnd];
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= MaxLength)
            return text;
        var cut = text.LastIndexOf(' ', MaxLength - 1);
        return text[..(cut > MaxLength / 2 ? cut : MaxLength - 1)].TrimEnd(',', ';', ':') + "…";
    }
}
