using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Matching.Model;
using TalentMatch.Planning.Placement;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>
/// Places the pact's waiting students on its places with free room, and stores the result as proposed
/// placements. "optimal" maximises total match quality; "stable" is the student-proposing stable placement
/// over the students' and hosts' rankings (match quality where someone gave none). Every student left over
/// gets a reason.
/// </summary>
public static class RunAllocation
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Command(string? Mode) : ICommand<Response>
    {
        [JsonIgnore]
        public Guid PactId { get; init; }
    }

    public sealed record Proposed(Guid PlacementId, Guid RequestId, string Reference, Guid InternshipId, string PlaceTitle, double Quality);

    public sealed record Left(Guid RequestId, string Reference, string Reason, string Explanation);

    public sealed record Response(Guid RunId, string Mode, bool Optimal, double Gap, int ElapsedMs, double TotalQuality, IReadOnlyList<Proposed> Placements,
        IReadOnlyList<Left> Unplaced);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Mode).NotEmpty().In(PactRules.AllocationModes);
    }

    // Classes rather than positional records: Dapper matches constructors by exact column type, and Npgsql reports arrays as System.Array.
    sealed class RequestRow
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public string EducationLevel { get; init; } = "";
        public string Programme { get; init; } = "";
        public DateOnly PeriodStart { get; init; }
        public DateOnly PeriodEnd { get; init; }
        public string Postcode { get; init; } = "";
        public Guid[] SkillIds { get; init; } = [];
        public short[] Levels { get; init; } = [];
        public Guid[] Preferences { get; init; } = [];
    }

    sealed class PlaceRow
    {
        public Guid Id { get; init; }
        public string Title { get; init; } = "";
        public string ProgrammeLevel { get; init; } = "";
        public string ProgrammeCode { get; init; } = "";
        public DateOnly PeriodStart { get; init; }
        public DateOnly PeriodEnd { get; init; }
        public int Free { get; init; }
        public Guid[] Preferences { get; init; } = [];
    }

    public sealed class Handler(NpgsqlDataSource dataSource, MatchingState matching) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await PactRules.EnsurePactAsync(connection, command.PactId, cancellationToken, transaction);
            // One run at a time per pact, so two runs cannot propose the same free room twice.
            await connection.ExecuteAsync(new CommandDefinition("select 1 from pact where pact_id = @PactId for update", new { command.PactId }, transaction, cancellationToken: cancellationToken));

            var requests = (await connection.QueryAsync<RequestRow>(new CommandDefinition(RequestsSql, new { command.PactId }, transaction, cancellationToken: cancellationToken))).ToList();
            var places = (await connection.QueryAsync<PlaceRow>(new CommandDefinition(PlacesSql, new { command.PactId }, transaction, cancellationToken: cancellationToken))).ToList();
            var problem = await BuildAsync(connection, requests, places, cancellationToken);
            var result = command.Mode == "stable" ? StablePlacement.Solve(problem) : OptimalPlacement.Solve(problem);

            var runId = Guid.CreateVersion7();
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into allocation_run (run_id, pact_id, mode, placed, unplaced, total_quality, optimal, gap, elapsed_ms)
                values (@runId, @PactId, @Mode, @placed, @unplaced, @total, @optimal, @gap, @elapsed)
                """, new { runId, command.PactId, command.Mode, placed = result.Placements.Count, unplaced = result.Unplaced.Count, total = result.TotalQuality,
                optimal = result.Optimal, gap = double.IsNaN(result.Gap) ? (double?)null : result.Gap, elapsed = (int)result.Elapsed.TotalMilliseconds },
                transaction, cancellationToken: cancellationToken));

            var proposed = new List<Proposed>();
            foreach (var placed in result.Placements)
            {
                var (request, place) = (requests[placed.Seeker], places[placed.Place]);
                var placementId = Guid.CreateVersion7();
                await connection.ExecuteAsync(new CommandDefinition("""
                    insert into placement (placement_id, pact_id, request_id, vacancy_id, status, quality, run_id)
                    values (@placementId, @PactId, @request, @place, 'proposed', @quality, @runId);
                    insert into placement_status_change (placement_id, status, note) values (@placementId, 'proposed', @note);
                    """, new { placementId, command.PactId, request = request.Id, place = place.Id, quality = placed.Quality, runId, note = $"{command.Mode} allocation" },
                    transaction, cancellationToken: cancellationToken));
                proposed.Add(new Proposed(placementId, request.Id, request.Reference, place.Id, place.Title, Math.Round(placed.Quality, 4)));
            }

            var left = new List<Left>();
            foreach (var unplaced in result.Unplaced)
            {
                var request = requests[unplaced.Seeker];
                var (code, text) = Describe(unplaced.Reason, command.Mode!);
                await connection.ExecuteAsync(new CommandDefinition("insert into allocation_unplaced (run_id, request_id, reason) values (@runId, @id, @code)",
                    new { runId, request.Id, code }, transaction, cancellationToken: cancellationToken));
                left.Add(new Left(request.Id, request.Reference, code, text));
            }

            await transaction.CommitAsync(cancellationToken);
            return new Response(runId, command.Mode!, result.Optimal, double.IsNaN(result.Gap) ? 0 : result.Gap, (int)result.Elapsed.TotalMilliseconds,
                Math.Round(result.TotalQuality, 4), proposed, left);
        }

        /// <summary>
        /// Match quality is the matching engine's score for the pair, rescaled over this run to 0.05–1 so the
        /// learned model's unbounded scores and the baseline's shares mean the same to the solver. A pair that
        /// shares no skill at all gets 0: the skills do not fit.
        /// </summary>
        async Task<PlacementProblem> BuildAsync(NpgsqlConnection connection, List<RequestRow> requests, List<PlaceRow> places, CancellationToken ct)
        {
            var snapshot = await matching.CurrentAsync(ct);
            var engine = snapshot.Engine;
            var openings = new Opening?[places.Count];
            for (var p = 0; p < places.Count; p++)
            {
                openings[p] = engine.Openings.Get(places[p].Id);
                if (openings[p] is null)
                {
                    await foreach (var (opening, _) in MatchingSource.ReadOpeningsAsync(connection, engine.Space, places[p].Id, ct))
                    {
                        openings[p] = opening;
                    }
                }
            }

            var placeIndex = places.Select((p, i) => (p.Id, i)).ToDictionary(e => e.Id, e => e.i);
            var requestIndex = requests.Select((r, i) => (r.Id, i)).ToDictionary(e => e.Id, e => e.i);
            var seekers = requests.Select(r => new Seeker(r.EducationLevel, r.Programme, r.PeriodStart, r.PeriodEnd,
                r.Preferences.Length == 0 ? null : r.Preferences.Where(placeIndex.ContainsKey).Select(id => placeIndex[id]).ToList())).ToList();
            var slots = places.Select(p => new Slot(p.ProgrammeLevel, p.ProgrammeCode, p.PeriodStart, p.PeriodEnd, p.Free,
                p.Preferences.Length == 0 ? null : p.Preferences.Where(requestIndex.ContainsKey).Select(id => requestIndex[id]).ToList())).ToList();

            var raw = new Dictionary<(int, int), float>();
            for (var s = 0; s < requests.Count; s++)
            {
                var candidate = Candidate(engine.Space, requests[s]);
                for (var p = 0; p < places.Count; p++)
                {
                    if (openings[p] is { } opening && seekers[s].Level == slots[p].Level && seekers[s].Programme == slots[p].Programme && PlacementProblem.PeriodsFit(seekers[s], slots[p]))
                    {
                        var (score, explanation) = engine.ScorePair(candidate, opening);
                        if (explanation.Matched.Count > 0)
                        {
                            raw[(s, p)] = score;
                        }
                    }
                }
            }

            var min = raw.Count == 0 ? 0 : raw.Values.Min();
            var max = raw.Count == 0 ? 1 : raw.Values.Max();
            var span = max - min;
            return new PlacementProblem(seekers, slots, (s, p) =>
                raw.TryGetValue((s, p), out var score) ? (span <= 0 ? 1 : 0.05 + 0.95 * (score - min) / span) : 0);
        }

        static Candidate Candidate(SkillSpace space, RequestRow request)
        {
            var skills = request.SkillIds.Select((id, i) => (Skill: space.Skill(id), Level: request.Levels[i])).Where(e => e.Skill is not null)
                .OrderBy(e => e.Skill).ToList();
            return new Candidate(request.Id, skills.Select(e => e.Skill!.Value).ToArray(), skills.Select(e => (byte)e.Level).ToArray(),
                EducationScale.Of(request.EducationLevel), short.Parse(request.Postcode, System.Globalization.CultureInfo.InvariantCulture), 0,
                Days.Of(request.PeriodStart), []);
        }
    }

    internal static (string Code, string Text) Describe(UnplacedReason reason, string mode) => reason switch
    {
        UnplacedReason.NoPlaceAtLevel => ("no-place-at-level", "No place in the pact for this programme at this level."),
        UnplacedReason.PeriodClash => ("period-clash", "Places exist for this programme and level, but none in a period that fits."),
        UnplacedReason.NoSkillsFit => ("no-skills-fit", "Places fit programme, level and period, but share none of the student's skills."),
        _ => ("capacity-taken", mode == "stable"
            ? "Suitable places exist, but their hosts preferred other students or the student did not rank them."
            : "Suitable places exist, but they are full or better used by other students."),
    };

    const string RequestsSql = """
        select r.request_id as id, r.reference, r.education_level, r.programme, r.period_start, r.period_end, r.postcode,
               coalesce(array_agg(s.skill_id order by s.skill_id) filter (where s.skill_id is not null), '{}') as skill_ids,
               coalesce(array_agg(s.level order by s.skill_id) filter (where s.skill_id is not null), '{}') as levels,
               coalesce((select array_agg(sp.vacancy_id order by sp.rank) from student_preference sp where sp.request_id = r.request_id), '{}') as preferences
        from student_request r
        left join student_request_skill s on s.request_id = r.request_id
        where r.pact_id = @PactId
          and not exists (select 1 from placement pm where pm.request_id = r.request_id and pm.status <> 'cancelled')
        group by r.request_id
        order by r.created_at, r.request_id
        """;

    const string PlacesSql = """
        select i.vacancy_id as id, v.title, i.programme_level, i.programme_code, i.period_start, i.period_end,
               i.places - (select count(*) from placement pm where pm.vacancy_id = i.vacancy_id and pm.status <> 'cancelled')::int as free,
               coalesce((select array_agg(h.request_id order by h.rank) from host_preference h where h.vacancy_id = i.vacancy_id), '{}') as preferences
        from pledge p
        join pledge_place lp on lp.pledge_id = p.pledge_id
        join internship_place i on i.vacancy_id = lp.vacancy_id
        join vacancy v on v.vacancy_id = i.vacancy_id and v.status = 'open'
        where p.pact_id = @PactId
        order by i.vacancy_id
        """;

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/pacts/{pactId:guid}/allocations", async (Guid pactId, Command command, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { PactId = pactId }, ct)))
            .WithName("RunAllocation");
}
