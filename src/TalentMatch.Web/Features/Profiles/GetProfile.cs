using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Profiles;

public static class GetProfile
{
    [AllowedFor(Role.JobSeeker, Role.Coach)]
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Response(Guid Id, string? DisplayName, IReadOnlyList<Skill> Skills, string EducationLevel, string? Postcode,
        int? HoursPerWeek, DateOnly? AvailableFrom, IReadOnlyList<Occupation> WantedOccupations, IReadOnlyList<string> WantedSectors,
        string Visibility, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record Skill(Guid SkillId, string Label, int Level, string? Evidence);

    public sealed record Occupation(Guid Id, string Label);

    /// <summary>Settable properties rather than a constructor: Npgsql reports text[] as System.Array, which Dapper's constructor matching refuses.</summary>
    sealed class Row
    {
        public Guid Id { get; init; }
        public string? DisplayName { get; init; }
        public string EducationLevel { get; init; } = "";
        public string? Postcode { get; init; }
        public int? HoursPerWeek { get; init; }
        public DateOnly? AvailableFrom { get; init; }
        public string[] WantedSectors { get; init; } = [];
        public string Visibility { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await ProfileAccess.EnsureCanReadAsync(connection, user, query.Id, cancellationToken);
            return await ReadAsync(connection, query.Id, cancellationToken);
        }
    }

    const string Sql = """
        select profile_id as id, display_name, education_level, postcode, hours_per_week, available_from, wanted_sectors, visibility, created_at, updated_at
        from profile where profile_id = @id;
        select ps.skill_id, coalesce(s.label_nl, s.label_en) as label, ps.level::int as level, ps.evidence
        from profile_skill ps join skill s on s.skill_id = ps.skill_id where ps.profile_id = @id order by ps.level desc, label;
        select o.occupation_id as id, coalesce(o.label_nl, o.label_en, o.esco_uri) as label
        from profile_wanted_occupation w join occupation o on o.occupation_id = w.occupation_id where w.profile_id = @id order by label;
        """;

    internal static async Task<Response> ReadAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new { id }, cancellationToken: ct));
        var row = await results.ReadSingleOrDefaultAsync<Row>() ?? throw new NotFoundException("Profile", id);
        var skills = (await results.ReadAsync<Skill>()).AsList();
        var occupations = (await results.ReadAsync<Occupation>()).AsList();
        return new Response(row.Id, row.DisplayName, skills, row.EducationLevel, row.Postcode, row.HoursPerWeek, row.AvailableFrom,
            occupations, row.WantedSectors, row.Visibility, new DateTimeOffset(row.CreatedAt, TimeSpan.Zero), new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero));
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/profiles/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetProfile");
}
