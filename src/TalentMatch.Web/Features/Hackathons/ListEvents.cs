using Dapper;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Hackathons;

/// <summary>Hackathons and lab rounds, soonest first, with how many have registered.</summary>
public static class ListEvents
{
    [AllowedFor(Role.JobSeeker, Role.Coach, Role.Employer, Role.Coordinator, Role.Organiser, Role.Admin)]
    public sealed record Query : IQuery<IReadOnlyList<Item>>;

    public sealed record Item(Guid Id, string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, string Place, int MinimumParticipants, long Registered, long Challenges);

    public sealed class Handler(NpgsqlDataSource dataSource) : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return (await connection.QueryAsync<Item>(new CommandDefinition("""
                select e.event_id as id, e.name, e.kind, e.starts_on, e.ends_on, e.place, e.minimum_participants,
                       (select count(*) from event_participant p where p.event_id = e.event_id) as registered,
                       (select count(*) from challenge c where c.event_id = e.event_id) as challenges
                from hackathon_event e order by e.starts_on, e.name, e.event_id
                """, cancellationToken: cancellationToken))).ToList();
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/events", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListEvents");
}
