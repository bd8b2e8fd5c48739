using Dapper;
using FluentValidation;
using Npgsql;
using TalentMatch.Web.Features.Employers;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Features.Vacancies;

/// <summary>What vacancies and internship places share: an employer asking for skills, each essential or optional, at a minimum level.</summary>
public abstract record OpeningFields
{
    public Guid EmployerId { get; init; }
    public string? Title { get; init; }
    public string? Text { get; init; }
    public Guid? OccupationId { get; init; }
    public IReadOnlyList<RequiredSkill> Skills { get; init; } = [];
    public string? EducationLevel { get; init; }
    public string? Postcode { get; init; }
    public int? HoursPerWeek { get; init; }
    public string? Status { get; init; }
    public DateOnly? ClosingDate { get; init; }
}

public sealed record RequiredSkill(Guid SkillId, string? Importance, int MinLevel = 1);

public abstract class OpeningFieldsValidator<T> : AbstractValidator<T> where T : OpeningFields
{
    public const int MaxTextLength = 20_000;
    public const int MaxSkills = 60;

    protected OpeningFieldsValidator(NpgsqlDataSource dataSource, ICurrentUser user)
    {
        RuleFor(v => v.EmployerId).NotEmpty().MustAsync((id, ct) => GetEmployer.ExistsAsync(dataSource, id, ct)).WithMessage("Unknown employer.")
            .Must(id => OpeningAccess.MayPostFor(user, id)).WithMessage("An employer posts only for their own organisation.");
        RuleFor(v => v.Title).NotEmpty().MaximumLength(200);
        RuleFor(v => v.Text).MaximumLength(MaxTextLength);
        RuleFor(v => v.OccupationId).CustomAsync(async (id, context, ct) =>
        {
            if (id is Guid occupation && (await TaxonomyChecks.UnknownOccupationIndexesAsync(dataSource, [occupation], ct)).Count > 0)
            {
                context.AddFailure("OccupationId", "Unknown occupation.");
            }
        });
        RuleFor(v => v.Skills).NotEmpty().WithMessage("Describe the opening with at least one skill.")
            .Must(s => s is null || s.Count <= MaxSkills).WithMessage($"At most {MaxSkills} skills.")
            .Must(s => s is null || s.Select(x => x?.SkillId).Distinct().Count() == s.Count).WithMessage("Each skill may appear only once.");
        RuleForEach(v => v.Skills).NotNull().ChildRules(skill =>
        {
            skill.RuleFor(s => s.SkillId).NotEmpty();
            skill.RuleFor(s => s.Importance).NotEmpty().In(Vocabulary.Importance);
            skill.RuleFor(s => s.MinLevel).InclusiveBetween(1, 4);
        });
        RuleFor(v => v.Skills).CustomAsync(async (skills, context, ct) =>
        {
            if (skills is null || skills.Any(s => s is null))
            {
                return;
            }

            foreach (var index in await TaxonomyChecks.UnknownSkillIndexesAsync(dataSource, skills.Select(s => s.SkillId).ToList(), ct))
            {
                context.AddFailure($"Skills[{index}].SkillId", "Unknown skill.");
            }
        });
        RuleFor(v => v.EducationLevel).NotEmpty().In(Vocabulary.EducationLevels);
        RuleFor(v => v.Postcode).NotEmpty().Postcode();
        RuleFor(v => v.HoursPerWeek).NotNull().InclusiveBetween(1, 60);
        RuleFor(v => v.Status).In(Vocabulary.VacancyStatus);
        RuleFor(v => v.ClosingDate).InclusiveBetween(new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1));
    }
}

/// <summary>Writes a validated opening and replaces its skill list; internship details are written by the caller.</summary>
static class OpeningStore
{
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string kind, OpeningFields opening, string? contractType, bool isNew, CancellationToken ct)
    {
        const string insert = """
            insert into vacancy (vacancy_id, kind, employer_id, title, description, occupation_id, education_level, postcode, hours_per_week, contract_type, status, closing_date)
            values (@id, @kind, @EmployerId, @Title, coalesce(@Text, ''), @OccupationId, @EducationLevel, @Postcode, @HoursPerWeek, @contractType, coalesce(@Status, 'open'), @ClosingDate)
            """;
        const string update = """
            update vacancy set employer_id = @EmployerId, title = @Title, description = coalesce(@Text, ''), occupation_id = @OccupationId,
                education_level = @EducationLevel, postcode = @Postcode, hours_per_week = @HoursPerWeek, contract_type = @contractType,
                status = coalesce(@Status, status), closing_date = @ClosingDate, updated_at = now()
            where vacancy_id = @id and kind = @kind
            """;
        const string skills = """
            delete from vacancy_skill where vacancy_id = @id;
            insert into vacancy_skill (vacancy_id, skill_id, importance, min_level)
            select @id, s.skill_id, s.importance, s.min_level from unnest(@skillIds, @importance, @minLevels) as s(skill_id, importance, min_level);
            """;
        await connection.ExecuteAsync(new CommandDefinition(isNew ? insert : update, new
        {
            id,
            kind,
            opening.EmployerId,
            opening.Title,
            opening.Text,
            opening.OccupationId,
            opening.EducationLevel,
            opening.Postcode,
            opening.HoursPerWeek,
            contractType,
            opening.Status,
            opening.ClosingDate,
        }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(skills, new
        {
            id,
            skillIds = opening.Skills.Select(s => s.SkillId).ToArray(),
            importance = opening.Skills.Select(s => s.Importance).ToArray(),
            minLevels = opening.Skills.Select(s => (short)s.MinLevel).ToArray(),
        }, transaction, cancellationToken: ct));
    }

}

public sealed record OpeningSkill(Guid SkillId, string Label, string Importance, int MinLevel);

/// <summary>Reading an opening back: the shared columns and the skills with their labels.</summary>
static class OpeningReader
{
    public sealed record Row(Guid Id, string Kind, Guid EmployerId, string EmployerName, string Title, string Text, Guid? OccupationId, string? OccupationLabel,
        string EducationLevel, string Postcode, int HoursPerWeek, string? ContractType, string Status, DateOnly? ClosingDate, DateTime CreatedAt, DateTime UpdatedAt,
        string? ProgrammeKind, string? ProgrammeCode, string? ProgrammeLevel, DateOnly? PeriodStart, DateOnly? PeriodEnd, int? Places);

    const string Sql = """
        select v.vacancy_id as id, v.kind, v.employer_id, e.name as employer_name, v.title, v.description as text, v.occupation_id,
               coalesce(o.label_nl, o.label_en) as occupation_label, v.education_level, v.postcode, v.hours_per_week, v.contract_type,
               v.status, v.closing_date, v.created_at, v.updated_at,
               i.programme_kind, i.programme_code, i.programme_level, i.period_start, i.period_end, i.places
        from vacancy v
        join employer e on e.employer_id = v.employer_id
        left join occupation o on o.occupation_id = v.occupation_id
        left join internship_place i on i.vacancy_id = v.vacancy_id
        where v.vacancy_id = @id and v.kind = @kind;
        select vs.skill_id, coalesce(s.label_nl, s.label_en) as label, vs.importance, vs.min_level::int as min_level
        from vacancy_skill vs join skill s on s.skill_id = vs.skill_id
        where vs.vacancy_id = @id
        order by vs.importance, label;
        """;

    public static async Task<(Row Row, IReadOnlyList<OpeningSkill> Skills)?> ReadAsync(NpgsqlConnection connection, Guid id, string kind, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new { id, kind }, cancellationToken: ct));
        var row = await results.ReadSingleOrDefaultAsync<Row>();
        if (row is null)
        {
            return null;
        }

        return (row, (await results.ReadAsync<OpeningSkill>()).AsList());
    }
}
