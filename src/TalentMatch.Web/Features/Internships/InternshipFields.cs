using Dapper;
using FluentValidation;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Features.Internships;

/// <summary>An internship place: an opening plus the programme it suits, the period and how many students it takes.</summary>
public abstract record InternshipFields : OpeningFields
{
    /// <summary>'crebo' for an MBO qualification number, 'field' for an HBO/WO field of study.</summary>
    public string? ProgrammeKind { get; init; }
    public string? ProgrammeCode { get; init; }
    public string? ProgrammeLevel { get; init; }
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public int Places { get; init; } = 1;
}

public abstract class InternshipFieldsValidator<T> : OpeningFieldsValidator<T> where T : InternshipFields
{
    protected InternshipFieldsValidator(NpgsqlDataSource dataSource, ICurrentUser user) : base(dataSource, user)
    {
        RuleFor(i => i.ProgrammeKind).NotEmpty().In(Vocabulary.ProgrammeKinds);
        RuleFor(i => i.ProgrammeCode).NotEmpty().MaximumLength(100);
        RuleFor(i => i.ProgrammeCode).Matches("^[0-9]{5}$").When(i => i.ProgrammeKind == "crebo")
            .WithMessage("An MBO crebo number has five digits, e.g. 25250.");
        RuleFor(i => i.ProgrammeLevel).NotEmpty().In(Vocabulary.ProgrammeLevels);
        RuleFor(i => i.PeriodStart).NotNull();
        RuleFor(i => i.PeriodEnd).NotNull()
            .GreaterThan(i => i.PeriodStart).When(i => i.PeriodStart is not null).WithMessage("The period must end after it starts.");
        RuleFor(i => i.Places).InclusiveBetween(1, 100);
    }
}

static class InternshipStore
{
    public static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, InternshipFields place, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            insert into internship_place (vacancy_id, programme_kind, programme_code, programme_level, period_start, period_end, places)
            values (@id, @ProgrammeKind, @ProgrammeCode, @ProgrammeLevel, @PeriodStart, @PeriodEnd, @Places)
            on conflict (vacancy_id) do update set programme_kind = excluded.programme_kind, programme_code = excluded.programme_code,
                programme_level = excluded.programme_level, period_start = excluded.period_start, period_end = excluded.period_end, places = excluded.places
            """, new { id, place.ProgrammeKind, place.ProgrammeCode, place.ProgrammeLevel, place.PeriodStart, place.PeriodEnd, place.Places }, transaction, cancellationToken: ct));
}
