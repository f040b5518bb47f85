namespace OneQOrder.Plan.Output;

/// <summary>Writes a plan's files to the <c>--out</c> folder, refusing to mix them into a non-empty folder unless forced.</summary>
public static class OutputDirectory
{
    /// <summary>
    /// Why the folder cannot be written to, or null when it can. Checked before anything is written, so a refusal
    /// leaves the folder as it was.
    /// </summary>
    public static string? Refusal(string directory, bool force)
    {
        if (File.Exists(directory))
        {
            return $"--out {directory} is a file, not a folder";
        }

        if (!force && Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            return $"--out {directory} is not empty; pass --force to overwrite the files plan writes there (other files are left alone)";
        }

        return null;
    }

    /// <summary>Writes every file (creating folders). Paths must stay inside <paramref name="directory"/>.</summary>
    public static void Write(string directory, IReadOnlyList<OutputFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var root = Path.GetFullPath(directory);
        // Resolve every path before writing any, so a bad path (a bug in a renderer) writes nothing.
        var targets = files.Select(f => (Path: Resolve(root, f.RelativePath), f.Content)).ToList();
        foreach (var (path, content) in targets)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
    }

    private static string Resolve(string root, string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(root, relativePath));
        if (Path.IsPathRooted(relativePath) || !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"output path '{relativePath}' must be relative and stay inside {root}", nameof(relativePath));
        }

        return path;
    }
}
