using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Pact;

/// <summary>Every pact table, and the funnel and supply-and-demand views, as CSV for the coordinators' own spreadsheets.</summary>
public static class ExportPactTable
{
    [AllowedFor(Role.Coordinator, Role.Admin)]
    public sealed record Query(Guid PactId, string? Table) : IQuery<Response>;

    public sealed record Response(string FileName, string Csv);

    /// <summary>Each table's SQL; columns are what the CSV header shows.</summary>
    static readonly Dictionary<string, string> Tables = new(StringComparer.Ordinal)
    {
        ["partners"] = "select partner_id, name, kind, employer_id, created_at from pact_partner where pact_id = @pactId order by name, partner_id",
        ["pledges"] = """
            select pl.pledge_id, pl.partner_id, pp.name as partner, pl.sector, pl.education_level, pl.programme, pl.places, pl.period_start, pl.period_end, pl.pledged_on
            from pledge pl join pact_partner pp on pp.partner_id = pl.partner_id where pl.pact_id = @pactId order by pp.name, pl.pledged_on, pl.pledge_id
            """,
        ["places"] = """
            select i.vacancy_id as internship_id, lp.pledge_id, v.title, e.name as employer, i.programme_kind, i.programme_code, i.programme_level,
                   i.period_start, i.period_end, i.places, v.postcode, v.status
            from pledge pl join pledge_place lp on lp.pledge_id = pl.pledge_id join internship_place i on i.vacancy_id = lp.vacancy_id
            join vacancy v on v.vacancy_id = i.vacancy_id join employer e on e.employer_id = v.employer_id
            where pl.pact_id = @pactId order by v.title, i.vacancy_id
            """,
        ["requests"] = """
            select r.request_id, r.reference, r.sector, r.education_level, r.programme, r.period_start, r.period_end, r.postcode,
                   (select count(*) from student_request_skill s where s.request_id = r.request_id) as skills,
                   (select count(*) from student_preference p where p.request_id = r.request_id) as preferences
            from student_request r where r.pact_id = @pactId order by r.reference
            """,
        ["placements"] = """
            select pm.placement_id, r.reference, pm.request_id, pm.vacancy_id as internship_id, v.title, pm.status, pm.quality, pm.run_id, pm.created_at, pm.updated_at
            from placement pm join student_request r on r.request_id = pm.request_id join vacancy v on v.vacancy_id = pm.vacancy_id
            where pm.pact_id = @pactId order by pm.created_at, pm.placement_id
            """,
        ["placement-history"] = """
            select c.placement_id, r.reference, c.status, c.note, c.changed_at
            from placement_status_change c join placement pm on pm.placement_id = c.placement_id join student_request r on r.request_id = pm.request_id
            where pm.pact_id = @pactId order by c.placement_id, c.changed_at
            """,
        ["allocation-runs"] = """
            select run_id, mode, placed, unplaced, total_quality, optimal, gap, elapsed_ms, created_at from allocation_run where pact_id = @pactId order by created_at
            """,
        ["unplaced"] = """
            select u.run_id, r.reference, u.request_id, u.reason from allocation_unplaced u join allocation_run a on a.run_id = u.run_id
            join student_request r on r.request_id = u.request_id where a.pact_id = @pactId order by a.created_at, r.reference
            """,
    };

    static readonly string[] Views = ["funnel-pledges", "funnel-partners", "supply-demand"];

    public static IEnumerable<string> Names => Tables.Keys.Concat(Views);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Table).NotEmpty().In(Names.ToArray());
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await PactRules.EnsurePactAsync(connection, query.PactId, cancellationToken);
            var file = $"pact-{query.Table}.csv";
            switch (query.Table)
            {
                case "funnel-pledges":
                case "funnel-partners":
                    var funnel = await new PledgeFunnel.Handler(dataSource).Handle(new PledgeFunnel.Query(query.PactId), cancellationToken);
                    return query.Table == "funnel-pledges"
                        ? new Response(file, CsvWriter.Write(
                            ["pledge_id", "partner", "sector", "education_level", "programme", "pledged_on", "pledged", "offered", "matched", "started", "completed", "realisation_rate"],
                            funnel.Pledges.Select(p => new object?[] { p.PledgeId, p.Partner, p.Sector, p.EducationLevel, p.Programme, p.PledgedOn, p.Pledged, p.Offered, p.Matched, p.Started, p.Completed, p.RealisationRate })))
                        : new Response(file, CsvWriter.Write(
                            ["partner_id", "partner", "kind", "pledged", "offered", "matched", "started", "completed", "realisation_rate"],
                            funnel.Partners.Select(p => new object?[] { p.PartnerId, p.Partner, p.Kind, p.Pledged, p.Offered, p.Matched, p.Started, p.Completed, p.RealisationRate })));
                case "supply-demand":
                    var cells = await SupplyAndDemand.ReadAsync(connection, query.PactId, cancellationToken);
                    return new Response(file, CsvWriter.Write(["sector", "level", "region", "period", "offered", "searching", "gap", "chance", "chance_label"],
                        cells.Select(c => new object?[] { c.Sector, c.Level, c.Region, c.Period, c.Offered, c.Searching, c.Gap, c.Chance, c.ChanceLabel })));
                default:
                    return new Response(file, await ReadTableAsync(connection, Tables[query.Table!], query.PactId, cancellationToken));
            }
        }
    }

    static async Task<string> ReadTableAsync(NpgsqlConnection connection, string sql, Guid pactId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("pactId", pactId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }

        return CsvWriter.Write(header, rows);
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/pacts/{pactId:guid}/export/{table}", async (Guid pactId, string table, ISender sender, CancellationToken ct) =>
            {
                var export = await sender.Send(new Query(pactId, KnownIds.TableName(table)), ct);
                return KnownIds.CsvFile(export.FileName, export.Csv);
            })
            .WithName("ExportPactTable");
}
