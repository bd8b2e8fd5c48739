namespace TalentMatch.IntegrationTests.Infrastructure;

/// <summary>
/// The real third-party data sets live beside the checkout in <c>../shared/data</c> (or where
/// TALENTMATCH_SHARED_DATA points); they are never copied into the repository.
/// </summary>
public static class SharedData
{
    public static string? Folder { get; } = Find();

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Folder ?? throw new InvalidOperationException("../shared/data is not present."), .. parts]);

    static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("TALENTMATCH_SHARED_DATA");
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TalentMatch.sln")))
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "..", "shared", "data");
                return Directory.Exists(candidate) ? System.IO.Path.GetFullPath(candidate) : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that is skipped, saying why, when the shared real data is not beside the checkout.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string requiredSubfolder)
    {
        if (SharedData.Folder is null || !Directory.Exists(System.IO.Path.Combine(SharedData.Folder, requiredSubfolder)))
        {
            Skip = $"Skipped: the real data set ../shared/data/{requiredSubfolder} is not present beside the checkout (set TALENTMATCH_SHARED_DATA to point at it).";
        }
    }
}
