using System.Text.Json;
using Dapper;
using Npgsql;
using TalentMatch.Web.Infrastructure;

namespace TalentMatch.Web.Features.Demo;

/// <summary>Loads <c>seed-data/training/modules.json</c>; idempotent, keyed by module code.</summary>
static class SeedTrainingCatalogue
{
    sealed record Module(string Code, string Title_nl, string Title_en, string Provider, string Kind, int DurationHours, List<string> Skills);

    public static async Task<int> LoadAsync(NpgsqlDataSource dataSource, string folder, IReadOnlyDictionary<string, Guid> skills, CancellationToken ct)
    {
        var path = Path.Combine(folder, "training", "modules.json");
        if (!File.Exists(path))
        {
            return 0;
        }

        var modules = JsonSerializer.Deserialize<List<Module>>(await File.ReadAllTextAsync(path, ct), new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var module in modules)
        {
            var id = ConceptIds.FromName($"talentmatch:training-module:{module.Code}");
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into training_module (training_module_id, code, title_nl, title_en, provider, kind, duration_hours)
                values (@id, @Code, @Title_nl, @Title_en, @Provider, @Kind, @DurationHours)
                on conflict (training_module_id) do update set title_nl = excluded.title_nl, title_en = excluded.title_en,
                    provider = excluded.provider, kind = excluded.kind, duration_hours = excluded.duration_hours;
                delete from training_module_skill where training_module_id = @id;
                insert into training_module_skill (training_module_id, skill_id) select @id, unnest(@skillIds);
                """, new { id, module.Code, module.Title_nl, module.Title_en, module.Provider, module.Kind, module.DurationHours,
                skillIds = module.Skills.Select(s => skills[s]).Distinct().ToArray() }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return modules.Count;
    }
}
