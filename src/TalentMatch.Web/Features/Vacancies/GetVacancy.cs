using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Vacancies;

public static class GetVacancy
{
    [Anonymous]
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Response(Guid Id, Guid EmployerId, string EmployerName, string Title, string Text, Guid? OccupationId, string? OccupationLabel,
        IReadOnlyList<OpeningSkill> Skills, string EducationLevel, string Postcode, int HoursPerWeek, string? ContractType, string Status,
        DateOnly? ClosingDate, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

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
        var (v, skills) = await OpeningReader.ReadAsync(connection, id, "job", ct) ?? throw new NotFoundException("Vacancy", id);
        return new Response(v.Id, v.EmployerId, v.EmployerName, v.Title, v.Text, v.OccupationId, v.OccupationLabel, skills, v.EducationLevel,
            v.Postcode, v.HoursPerWeek, v.ContractType, v.Status, v.ClosingDate, Utc(v.CreatedAt), Utc(v.UpdatedAt));
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/vacancies/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetVacancy");
}
