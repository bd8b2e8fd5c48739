using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Evaluation;
using TalentMatch.Matching.Features;
using TalentMatch.Matching.Model;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// The recorded coach outcomes as ranking labels for <c>train --with-outcomes</c>: one query per vacancy, one row
/// per person a coach put forward, graded by <see cref="OutcomeGrades"/>.
/// <para>
/// Features come from the person's current profile and the vacancy as it is now, computed by the serving code
/// (<see cref="MatchFeatures.Compute"/> over the taxonomy as the database holds it), not from the ranking log:
/// the log keeps only the top three reasons of what was shown, so most of the vector is not there, and a coach
/// may shortlist someone no logged list showed. The cost is drift: a profile edited after the outcome is judged
/// as it is now. Serving ranks profiles as they are now as well, so the rows stay in the model's own terms.
/// </para>
/// </summary>
public static class ReadOutcomeLabels
{
    [SystemOnly]
    public sealed record Query : IQuery<OutcomeSet>;

    sealed record Entry(Guid VacancyId, Guid ProfileId, string Status);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, OutcomeSet>
    {
        public async ValueTask<OutcomeSet> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var (space, _, _) = await MatchingSource.LoadSpaceAsync(connection, cancellationToken);
            var entries = (await connection.QueryAsync<Entry>(new CommandDefinition("""
                select vacancy_id, profile_id, status
                from shortlist_entry
                order by vacancy_id, profile_id
                """, cancellationToken: cancellationToken))).AsList();

            // Only people who still allow coaches: withdrawing consent withdraws a person from training too.
            var people = new Dictionary<Guid, Candidate>();
            foreach (var profile in entries.Select(e => e.ProfileId).Distinct())
            {
                await foreach (var candidate in MatchingSource.ReadCandidatesAsync(connection, space, profile, includePrivate: false, cancellationToken))
                {
                    people[profile] = candidate;
                }
            }

            var groups = new List<OutcomeGroup>();
            foreach (var vacancy in entries.GroupBy(e => e.VacancyId))
            {
                Opening? opening = null;
                await foreach (var (found, _) in MatchingSource.ReadOpeningsAsync(connection, space, vacancy.Key, anyStatus: true, cancellationToken))
                {
                    opening = found;
                }

                if (opening is null)
                {
                    continue;
                }

                var rows = new List<OutcomeRow>();
                foreach (var entry in vacancy)
                {
                    if (OutcomeGrades.Of(entry.Status) is not { } grade || !people.TryGetValue(entry.ProfileId, out var person))
                    {
                        continue;
                    }

                    var features = new float[MatchFeatures.Count];
                    MatchFeatures.Compute(space, person, opening, features);
                    rows.Add(new OutcomeRow(entry.ProfileId, entry.Status, grade, features, BaselineScores.Jaccard(person, opening)));
                }

                if (rows.Select(r => r.Grade).Distinct().Count() >= 2)
                {
                    groups.Add(new OutcomeGroup(vacancy.Key, rows));
                }
            }

            return new OutcomeSet(groups, entries.Count, entries.Count - groups.Sum(g => g.Rows.Count));
        }
    }
}
