using Dapper;
using Mediator;
using Microsoft.Extensions.Options;
using Npgsql;
using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// One candidate for a vacancy, as an anonymised card: skills with levels, education, region, hours and availability,
/// never a name or contact. An employer account may open a limited number of distinct cards a day.
/// </summary>
public static class OpenCandidateCard
{
    [AllowedFor(Role.Employer, Role.Coach, Role.Admin)]
    public sealed record Query(Guid VacancyId, Guid ProfileId) : IQuery<Response>;

    /// <param name="Region">The first two postcode digits.</param>
    public sealed record Response(Guid VacancyId, Guid ProfileId, string EducationLevel, string? Region, int? HoursPerWeek, DateOnly? AvailableFrom,
        IReadOnlyList<CardSkill> Skills, int CardsOpenedToday, int? DailyCap);

    public sealed record CardSkill(Guid SkillId, string Label, int Level);

    sealed class Row
    {
        public string EducationLevel { get; init; } = "";
        public string? Postcode { get; init; }
        public int? HoursPerWeek { get; init; }
        public DateOnly? AvailableFrom { get; init; }
        public string Visibility { get; init; } = "";
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user, IOptions<RateLimitSettings> limits) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var employer = OpeningAccess.ActsAsOwnEmployer(user);
            if (employer)
            {
                await OpeningAccess.EnsureManagesAsync(connection, transaction, user, query.VacancyId, null, cancellationToken);
            }
            else if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                         "select exists (select 1 from vacancy where vacancy_id = @VacancyId)", query, transaction, cancellationToken: cancellationToken)))
            {
                throw new NotFoundException("Vacancy", query.VacancyId);
            }

            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                "select education_level, postcode, hours_per_week, available_from, visibility from profile where profile_id = @ProfileId", query, transaction, cancellationToken: cancellationToken));
            var allowed = user.IsIn(Role.Coach) ? ProfileAccess.CoachMaySee : ["employers-anonymous"];
            if (row is null || !allowed.Contains(row.Visibility))
            {
                throw new NotFoundException("Candidate", query.ProfileId);
            }

            var openedToday = 0;
            int? cap = null;
            if (employer)
            {
                cap = limits.Value.CandidateCardsPerDay;
                openedToday = (await CardAllowance.ChargeAsync(connection, transaction, user.RequireAccountId(), query.VacancyId, [query.ProfileId], cap.Value,
                    cancellationToken)).View.CardsShownToday;
            }

            var skills = (await connection.QueryAsync<CardSkill>(new CommandDefinition("""
                select ps.skill_id, coalesce(s.label_nl, s.label_en) as label, ps.level::int as level
                from profile_skill ps join skill s on s.skill_id = ps.skill_id where ps.profile_id = @ProfileId order by ps.level desc, label
                """, query, transaction, cancellationToken: cancellationToken))).AsList();
            await transaction.CommitAsync(cancellationToken);
            return new Response(query.VacancyId, query.ProfileId, row.EducationLevel, row.Postcode?[..2], row.HoursPerWeek, row.AvailableFrom, skills, openedToday, cap);
        }

    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/vacancies/{id:guid}/candidates/{profileId:guid}", async (Guid id, Guid profileId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id, profileId), ct)))
            .WithName("OpenCandidateCard")
            .WithSummary("One anonymised candidate card; employer accounts may open a limited number a day.");
}
