using Dapper;
using FluentValidation;
using Npgsql;
using TalentMatch.Web.Features.Taxonomy;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Features.Profiles;

/// <summary>
/// What a person says about themselves: skills with levels, and the practical facts matching needs.
/// There is deliberately no field for date of birth, age, gender, nationality, photo or BSN; the JSON
/// reader refuses such members by name.
/// </summary>
public abstract record ProfileFields
{
    public string? DisplayName { get; init; }
    public IReadOnlyList<ProfileSkill> Skills { get; init; } = [];
    public string? EducationLevel { get; init; }
    public string? Postcode { get; init; }
    public int? HoursPerWeek { get; init; }
    public DateOnly? AvailableFrom { get; init; }
    public IReadOnlyList<Guid> WantedOccupations { get; init; } = [];
    public IReadOnlyList<string> WantedSectors { get; init; } = [];
    public string? Visibility { get; init; }
}

/// <param name="Level">1 = beginner, 2 = some experience, 3 = independent, 4 = expert / can teach it.</param>
public sealed record ProfileSkill(Guid SkillId, int Level, string? Evidence = null);

public abstract class ProfileFieldsValidator<T> : AbstractValidator<T> where T : ProfileFields
{
    public const int MaxSkills = 200;

    protected ProfileFieldsValidator(NpgsqlDataSource dataSource)
    {
        RuleFor(p => p.DisplayName).MaximumLength(100);
        RuleFor(p => p.Skills).NotEmpty().WithMessage("A profile needs at least one skill.")
            .Must(s => s is null || s.Count <= MaxSkills).WithMessage($"A profile holds at most {MaxSkills} skills.")
            .Must(s => s is null || s.Select(x => x?.SkillId).Distinct().Count() == s.Count).WithMessage("Each skill may appear only once.");
        RuleForEach(p => p.Skills).NotNull().ChildRules(skill =>
        {
            skill.RuleFor(s => s.SkillId).NotEmpty();
            skill.RuleFor(s => s.Level).InclusiveBetween(1, 4);
            skill.RuleFor(s => s.Evidence).In(Vocabulary.Evidence);
        });
        RuleFor(p => p.Skills).CustomAsync(async (skills, context, ct) =>
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
        RuleFor(p => p.EducationLevel).NotEmpty().In(Vocabulary.EducationLevels);
        RuleFor(p => p.Postcode).Postcode();
        RuleFor(p => p.HoursPerWeek).InclusiveBetween(1, 60);
        RuleFor(p => p.AvailableFrom).InclusiveBetween(new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1));
        RuleFor(p => p.WantedOccupations).NotNull().Must(o => o is null || o.Count <= 20).WithMessage("At most 20 wanted occupations.")
            .Must(o => o is null || o.Distinct().Count() == o.Count).WithMessage("Each occupation may appear only once.");
        RuleFor(p => p.WantedOccupations).CustomAsync(async (occupations, context, ct) =>
        {
            foreach (var index in await TaxonomyChecks.UnknownOccupationIndexesAsync(dataSource, occupations ?? [], ct))
            {
                context.AddFailure($"WantedOccupations[{index}]", "Unknown occupation.");
            }
        });
        RuleFor(p => p.WantedSectors).NotNull().Must(s => s is null || s.Count <= 10).WithMessage("At most 10 wanted sectors.")
            .Must(s => s is null || s.Distinct().Count() == s.Count).WithMessage("Each sector may appear only once.");
        RuleForEach(p => p.WantedSectors).NotNull().In(Vocabulary.Sectors);
        RuleFor(p => p.Visibility).In(Vocabulary.Visibility);
    }
}

/// <summary>Writes a validated profile: the row and its skill and occupation lists, replaced as a whole.</summary>
static class ProfileStore
{
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, ProfileFields profile, bool isNew, CancellationToken ct, Guid? owner = null)
    {
        const string insert = """
            insert into profile (profile_id, display_name, education_level, postcode, hours_per_week, available_from, wanted_sectors, visibility, owner_account_id)
            values (@id, @DisplayName, @EducationLevel, @Postcode, @HoursPerWeek, @AvailableFrom, @WantedSectors, coalesce(@Visibility, 'private'), @owner)
            """;
        const string update = """
            update profile set display_name = @DisplayName, education_level = @EducationLevel, postcode = @Postcode,
                hours_per_week = @HoursPerWeek, available_from = @AvailableFrom, wanted_sectors = @WantedSectors,
                visibility = coalesce(@Visibility, visibility), updated_at = now()
            where profile_id = @id
            """;
        const string children = """
            delete from profile_skill where profile_id = @id;
            delete from profile_wanted_occupation where profile_id = @id;
            insert into profile_skill (profile_id, skill_id, level, evidence)
            select @id, s.skill_id, s.level, s.evidence from unnest(@skillIds, @levels, @evidence) as s(skill_id, level, evidence);
            insert into profile_wanted_occupation (profile_id, occupation_id) select @id, o from unnest(@occupations) as o;
            """;
        await connection.ExecuteAsync(new CommandDefinition(isNew ? insert : update, new
        {
            id,
            profile.DisplayName,
            profile.EducationLevel,
            profile.Postcode,
            profile.HoursPerWeek,
            profile.AvailableFrom,
            WantedSectors = profile.WantedSectors.ToArray(),
            profile.Visibility,
            owner,
        }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(children, new
        {
            id,
            skillIds = profile.Skills.Select(s => s.SkillId).ToArray(),
            levels = profile.Skills.Select(s => (short)s.Level).ToArray(),
            evidence = profile.Skills.Select(s => s.Evidence).ToArray(),
            occupations = profile.WantedOccupations.ToArray(),
        }, transaction, cancellationToken: ct));
    }
}
