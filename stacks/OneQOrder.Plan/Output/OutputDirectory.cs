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

    /// <summary>
    /// Writes every file (creating folders). Paths must stay inside <paramref name="directory"/>. The files are written
    /// to a staging folder beside <paramref name="directory"/> first and then moved into place: a new or empty folder
    /// is replaced by one rename, so a failure leaves nothing behind; with <c>--force</c> into a non-empty folder each
    /// file is renamed over its old copy, so no file is ever half written. The staging folder is removed either way.
    /// </summary>
    public static void Write(string directory, IReadOnlyList<OutputFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var root = Path.GetFullPath(directory);
        // Resolve every path before writing any, so a bad path (a bug in a renderer) writes nothing.
        var relative = files.Select(f => (Path: Path.GetRelativePath(root, Resolve(root, f.RelativePath)), f.Content)).ToList();
        var parent = Path.GetDirectoryName(root) ?? throw new IOException($"--out {root} has no parent folder to stage in");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(root)}.plan-{Guid.NewGuid():N}");
        try
        {
            foreach (var (path, content) in relative)
            {
                var target = Path.Combine(staging, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, content);
            }

            if (Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
            {
                Directory.Delete(root);
            }

            if (!Directory.Exists(root))
            {
                Directory.Move(staging, root);
                return;
            }

            foreach (var (path, _) in relative)
            {
                var target = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(staging, path), target, overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
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
