namespace CodeTether.Testing;

public static class ProcessState
{
    /// <summary>Whether a process runs. A killed process may stay a zombie until its new parent reaps it; a zombie runs nothing.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
