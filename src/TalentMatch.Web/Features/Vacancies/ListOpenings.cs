using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Validation;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Vacancies;

/// <summary>Browse vacancies or internship places, newest first, optionally for one employer or status.</summary>
public static class ListOpenings
{
    [Anonymous]
    public sealed record Query(string Kind, Guid? EmployerId, string? Status, int Take = 50, int Skip = 0) : IQuery<Response>;

    public sealed record Response(IReadOnlyList<Item> Items);

    public sealed record Item(Guid Id, string Title, Guid EmployerId, string EmployerName, string Postcode, string Status, DateOnly? ClosingDate, int SkillCount);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).In(Vocabulary.VacancyStatus);
            RuleFor(q => q.Take).InclusiveBetween(1, 200);
            RuleFor(q => q.Skip).InclusiveBetween(0, 1_000_000);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, Response>
    {
        const string Sql = """
            select v.vacancy_id as id, v.title, v.employer_id, e.name as employer_name, v.postcode, v.status, v.closing_date,
                   (select count(*)::int from vacancy_skill vs where vs.vacancy_id = v.vacancy_id) as skill_count
            from vacancy v join employer e on e.employer_id = v.employer_id
            where v.kind = @Kind and (@EmployerId::uuid is null or v.employer_id = @EmployerId) and (@Status::text is null or v.status = @Status)
            order by v.created_at desc, v.vacancy_id
            limit @Take offset @Skip
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return new Response((await connection.QueryAsync<Item>(new CommandDefinition(Sql, query, cancellationToken: cancellationToken))).AsList());
        }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/vacancies", async (Guid? employerId, string? status, int? take, int? skip, ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new Query("job", employerId, status, take ?? 50, skip ?? 0), ct))).WithName("ListVacancies");
        api.MapGet("/internships", async (Guid? employerId, string? status, int? take, int? skip, ISender sender, CancellationToken ct) =>
            TypedResults.Ok(await sender.Send(new Query("internship", employerId, status, take ?? 50, skip ?? 0), ct))).WithName("ListInternships");
    }
}
