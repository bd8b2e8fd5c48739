using Dapper;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// An employer account's daily allowance of candidate cards (<c>TalentMatch:RateLimits:CandidateCardsPerDay</c>).
/// A card is one person for one vacancy, whether opened on its own or shown in a ranked list: a list shows what a
/// card shows (region, hours, skills with levels), so counting only opened cards would let a list be scraped
/// instead. Seeing the same card again the same day (UTC) is free.
/// </summary>
public static class CardAllowance
{
    /// <summary>How much of today's allowance is used and whether it ran out before everything asked for could be shown.</summary>
    public sealed record View(int CardsShownToday, int DailyCap, bool Reached);

    /// <summary>
    /// Charges the cards in rank order and returns how many of them may be shown: all that were seen today already
    /// and new ones while the allowance lasts; the list stops at the first new card past it. Refuses with 429 when
    /// not even the first card may be shown.
    /// </summary>
    public static async Task<(int Shown, View View)> ChargeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid account, Guid vacancyId,
        IReadOnlyList<Guid> profiles, int cap, CancellationToken ct)
    {
        // One account's cards are counted one request at a time, so parallel requests cannot slip past the cap.
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtext(@key))", new { key = "cards:" + account }, transaction, cancellationToken: ct));
        var today = (await connection.QueryAsync<(Guid Vacancy, Guid Profile)>(new CommandDefinition("""
            select vacancy_id, profile_id from candidate_card_view where account_id = @account and opened_on = (now() at time zone 'utc')::date
            """, new { account }, transaction, cancellationToken: ct))).ToHashSet();
        var used = today.Count;
        var fresh = new List<Guid>();
        var shown = 0;
        foreach (var profile in profiles)
        {
            if (!today.Contains((vacancyId, profile)))
            {
                if (used >= cap)
                {
                    break;
                }

                fresh.Add(profile);
                used++;
            }

            shown++;
        }

        if (shown == 0 && profiles.Count > 0)
        {
            var now = DateTimeOffset.UtcNow;
            throw new DailyCapReachedException(
                $"This account has seen its {cap} candidate cards for today (limit candidateCardsPerDay); more can be seen tomorrow (UTC).",
                now.Date.AddDays(1) - now.UtcDateTime);
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into candidate_card_view (account_id, vacancy_id, profile_id) select @account, @vacancyId, unnest(@fresh)
            """, new { account, vacancyId, fresh = fresh.ToArray() }, transaction, cancellationToken: ct));
        return (shown, new View(used, cap, shown < profiles.Count));
    }
}
