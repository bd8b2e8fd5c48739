using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Npgsql;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// For a vacancy or internship place, the people who fit, best first, as anonymous cards: skills, levels,
/// region and availability, never a name. Only people who allow matching appear; private profiles never do.
/// </summary>
public static class RankCandidates
{
    [AllowedFor(Role.Employer, Role.Coach, Role.Admin)]
    public sealed record Query(Guid VacancyId, int Take = 50, string Lang = "nl") : IQuery<Response>;

    /// <param name="Allowance">For employer accounts: today's card allowance; the list stops early when it ran out.</param>
    public sealed record Response(Guid VacancyId, string ModelVersion, IReadOnlyList<Item> Items, CardAllowance.View? Allowance = null);

    /// <param name="Region">The first two postcode digits: enough to judge travel, not to find the person.</param>
    public sealed record Item(int Rank, float Score, Guid ProfileId, string? Region, int? HoursPerWeek, ExplanationView Explanation);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Take).InclusiveBetween(1, 200);
            RuleFor(q => q.Lang).In(Vocabulary.Languages);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource, MatchingState state, ICurrentUser user, IOptions<RateLimitSettings> limits) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var snapshot = await state.CurrentAsync(cancellationToken);
            Opening? opening = null;
            var employer = OpeningAccess.ActsAsOwnEmployer(user);
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                // An employer sees candidates only for their own organisation's openings; coaches work for everyone.
                if (employer)
                {
                    await OpeningAccess.EnsureManagesAsync(connection, null, user, query.VacancyId, null, cancellationToken);
                }

                await foreach (var (found, _) in MatchingSource.ReadOpeningsAsync(connection, snapshot.Engine.Space, query.VacancyId, cancellationToken))
                {
                    opening = found;
                }

                if (opening is null && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                        "select exists (select 1 from vacancy where vacancy_id = @id)", new { id = query.VacancyId }, cancellationToken: cancellationToken)))
                {
                    throw new NotFoundException("Vacancy", query.VacancyId);
                }
            }

            if (opening is null)
            {
                // A closed opening is not matched.
                return new Response(query.VacancyId, state.Scorer.Version, []);
            }

            // Coaches see everyone who allows coaches; anyone else only people who allow employers to see them anonymously.
            var least = user.IsSystem || user.IsIn(Role.Coach) ? 1 : 2;
            var matches = snapshot.Engine.CandidatesFor(opening, query.Take, c => c.Visibility >= least);
            var items = matches.Select(m => new Item(m.Rank, m.Score, m.Item.Id,
                m.Item.Postcode == 0 ? null : (m.Item.Postcode / 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
                m.Item.HoursPerWeek == 0 ? null : m.Item.HoursPerWeek, MatchViews.Explain(snapshot, m.Explanation, query.Lang))).ToList();
            CardAllowance.View? allowance = null;
            if (employer)
            {
                // Charged before the list is logged, so the log holds exactly the cards the employer was shown.
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                (var shown, allowance) = await CardAllowance.ChargeAsync(connection, transaction, user.RequireAccountId(), query.VacancyId,
                    items.Select(i => i.ProfileId).ToList(), limits.Value.CandidateCardsPerDay, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                items = items.Take(shown).ToList();
            }

            if (RankingLog.MustRecord(user))
            {
                // A coach sees the talent pool (everyone who allows coaches); others see anonymised candidates.
                await RankingLog.RecordAsync(dataSource, user, least == 1 ? "talent-pool" : "candidates", query.VacancyId, null, snapshot.Engine.Scorer.Version,
                    items.Select(i => new RankingLog.Entry(i.Rank, i.ProfileId, i.Score, i.Explanation)).ToList(), peopleRanked: true, cancellationToken);
            }

            return new Response(query.VacancyId, snapshot.Engine.Scorer.Version, items, allowance);
        }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/vacancies/{id:guid}/candidates", async (Guid id, int? take, string? lang, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id, take ?? 50, lang ?? "nl"), ct)))
            .WithName("RankCandidates")
            .WithSummary("People who fit a vacancy, best first, anonymised, each with its explanation.");
        api.MapGet("/internships/{id:guid}/candidates", async (Guid id, int? take, string? lang, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id, take ?? 50, lang ?? "nl"), ct)))
            .WithName("RankInternshipCandidates");
    }
}
