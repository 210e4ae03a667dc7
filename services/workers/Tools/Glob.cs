using System.Text;
using System.Text.RegularExpressions;

namespace CodeTether.Workers.Tools;

/// <summary>A glob over '/'-separated relative paths: <c>*</c> and <c>?</c> stay within one directory, <c>**</c> crosses any number.</summary>
public sealed class Glob
{
    private readonly Regex regex;

    public Glob(string pattern)
    {
        var expression = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern.AsSpan(i).StartsWith("**/"))
            {
                expression.Append("(?:.*/)?");
                i += 2;
            }
            else if (pattern.AsSpan(i).StartsWith("**"))
            {
                expression.Append(".*");
                i++;
            }
            else
                expression.Append(pattern[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    var c => Regex.Escape(c.ToString()),
                });
        }
        regex = new Regex(expression.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    public bool Matches(string relativePath) => regex.IsMatch(relativePath);
}
