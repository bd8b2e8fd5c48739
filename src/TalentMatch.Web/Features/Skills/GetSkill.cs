using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Skills;

/// <summary>One skill with all its labels and where it sits in the hierarchy.</summary>
public static class GetSkill
{
    [Anonymous]
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Response(Guid Id, string LabelEn, string? LabelNl, string? SkillType, string? ReuseLevel, string? EscoUri, string? Code,
        string? DescriptionEn, IReadOnlyList<Label> Labels, IReadOnlyList<string> Groups, string? Attribution);

    public sealed record Label(string Lang, string Text, string Kind);

    sealed record Row(Guid Id, string LabelEn, string? LabelNl, string? SkillType, string? ReuseLevel, string? EscoUri, string? Code, string? DescriptionEn);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        const string Sql = """
            select skill_id as id, label_en, label_nl, skill_type, reuse_level, esco_uri, code, description_en from skill where skill_id = @id;
            select lang, label as text, kind from skill_label where skill_id = @id order by lang, kind desc, label;
            select g.label_en from skill_in_group sg join skill_group g on g.skill_group_id = sg.skill_group_id where sg.skill_id = @id order by g.label_en;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new { id = query.Id }, cancellationToken: cancellationToken));
            var skill = await results.ReadSingleOrDefaultAsync<Row>() ?? throw new NotFoundException("Skill", query.Id);
            var labels = (await results.ReadAsync<Label>()).AsList();
            var groups = (await results.ReadAsync<string>()).AsList();
            return new Response(skill.Id, skill.LabelEn, skill.LabelNl, skill.SkillType, skill.ReuseLevel, skill.EscoUri, skill.Code,
                skill.DescriptionEn, labels, groups, EscoAttribution.For([skill.EscoUri]));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/skills/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetSkill");
}
