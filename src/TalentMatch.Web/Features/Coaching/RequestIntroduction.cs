using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>
/// An employer asks to be introduced to someone behind an anonymised card of their own vacancy. The request goes
/// straight to the person as a proposed introduction on the vacancy's shortlist, where the coach sees it too: the
/// person decides, and the employer learns a name and e-mail address only once they accept.
/// </summary>
public static class RequestIntroduction
{
    [AllowedFor(Role.Employer)]
    public sealed record Command(Guid VacancyId, Guid ProfileId) : ICommand<GetShortlist.Item>;

    public sealed record Body(Guid ProfileId);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ProfileId).NotEmpty();
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : ICommandHandler<Command, GetShortlist.Item>
    {
        public async ValueTask<GetShortlist.Item> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            Guid entryId;
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await OpeningAccess.EnsureManagesAsync(connection, transaction, user, command.VacancyId, null, cancellationToken);

                // Only someone who lets employers see their card can be asked for; anyone else is as unknown as a missing id.
                if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                        "select exists (select 1 from profile where profile_id = @ProfileId and visibility = 'employers-anonymous')",
                        command, transaction, cancellationToken: cancellationToken)))
                {
                    throw new NotFoundException("Profile", command.ProfileId);
                }

                var existing = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Status)?>(new CommandDefinition("""
                    select shortlist_entry_id, status from shortlist_entry where vacancy_id = @VacancyId and profile_id = @ProfileId for update
                    """, command, transaction, cancellationToken: cancellationToken));
                if (existing is { Status: "shortlisted" } shortlisted)
                {
                    // The coach had this person in mind already; the employer's request is what proposes them.
                    entryId = shortlisted.Id;
                    await Shortlists.ChangeStatusAsync(connection, transaction, user, entryId, "shortlisted", "proposed", null, cancellationToken);
                }
                else if (existing is not null)
                {
                    throw new ConflictException("profileId", "An introduction to this person has already been proposed for this vacancy.");
                }
                else
                {
                    entryId = Guid.CreateVersion7();
                    await connection.ExecuteAsync(new CommandDefinition("""
                        insert into shortlist_entry (shortlist_entry_id, vacancy_id, profile_id, coach_account_id, position, status)
                        select @entryId, @VacancyId, @ProfileId, null, coalesce(max(position), 0) + 1, 'proposed' from shortlist_entry where vacancy_id = @VacancyId;
                        insert into shortlist_status_change (shortlist_entry_id, from_status, to_status, changed_by_account_id, changed_by_role)
                        values (@entryId, null, 'proposed', @account, 'employer');
                        """, new { entryId, command.VacancyId, command.ProfileId, account = user.RequireAccountId() }, transaction, cancellationToken: cancellationToken));
                }

                await transaction.CommitAsync(cancellationToken);
            }

            return (await GetShortlist.ReadAsync(connection, command.VacancyId, forEmployer: true, cancellationToken)).Single(i => i.EntryId == entryId);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/vacancies/{id:guid}/introduction-requests", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Created($"/api/vacancies/{id}/shortlist", await sender.Send(new Command(id, body.ProfileId), ct)))
            .WithName("RequestIntroduction")
            .WithSummary("Employer: ask to be introduced to the person behind an anonymised card of your own vacancy; they accept or decline.");
}
