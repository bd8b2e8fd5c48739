using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Internships;

public static class GetInternship
{
    [Anonymous]
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Response(Guid Id, Guid EmployerId, string EmployerName, string Title, string Text, Guid? OccupationId, string? OccupationLabel,
        IReadOnlyList<OpeningSkill> Skills, string EducationLevel, string Postcode, int HoursPerWeek, string Status, DateOnly? ClosingDate,
        string ProgrammeKind, string ProgrammeCode, string ProgrammeLevel, DateOnly PeriodStart, DateOnly PeriodEnd, int Places,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await ReadAsync(connection, query.Id, cancellationToken);
        }
    }

    internal static async Task<Response> ReadAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        var (v, skills) = await OpeningReader.ReadAsync(connection, id, "internship", ct) ?? throw new NotFoundException("Internship place", id);
        return new Response(v.Id, v.EmployerId, v.EmployerName, v.Title, v.Text, v.OccupationId, v.OccupationLabel, skills, v.EducationLevel,
            v.Postcode, v.HoursPerWeek, v.Status, v.ClosingDate, v.ProgrammeKind!, v.ProgrammeCode!, v.ProgrammeLevel!, v.PeriodStart!.Value,
            v.PeriodEnd!.Value, v.Places!.Value, GetVacancy.Utc(v.CreatedAt), GetVacancy.Utc(v.UpdatedAt));
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/internships/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetInternship");
}
