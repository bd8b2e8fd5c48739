using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>A coach puts someone from the talent pool on a vacancy's shortlist, at the end, with a note.</summary>
public static class AddToShortlist
{
    [AllowedFor(Role.Coach)]
    public sealed record Command(Guid VacancyId, Guid ProfileId, string? Note) : ICommand<GetShortlist.Item>;

    public sealed record Body(Guid ProfileId, string? Note);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ProfileId).NotEmpty();
            RuleFor(c => c.Note).MaximumLength(2000);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : ICommandHandler<Command, GetShortlist.Item>
    {
        public async ValueTask<GetShortlist.Item> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "select exists (select 1 from vacancy where vacancy_id = @VacancyId)", command, transaction, cancellationToken: cancellationToken)))
            {
                throw new NotFoundException("Vacancy", command.VacancyId);
            }

            // Only people who allow coaches can be shortlisted; anyone else is as unknown as a missing id.
            await ProfileAccess.EnsureCanReadAsync(connection, user, command.ProfileId, cancellationToken, transaction);
            var id = Guid.CreateVersion7();
            var added = await connection.ExecuteAsync(new CommandDefinition("""
                insert into shortlist_entry (shortlist_entry_id, vacancy_id, profile_id, coach_account_id, position, note)
                select @id, @VacancyId, @ProfileId, @coach, coalesce(max(position), 0) + 1, @Note from shortlist_entry where vacancy_id = @VacancyId
                on conflict (vacancy_id, profile_id) do nothing
                """, new { id, command.VacancyId, command.ProfileId, command.Note, coach = user.AccountId }, transaction, cancellationToken: cancellationToken));
            if (added == 0)
            {
                throw new ConflictException("profileId", "This person is already on the shortlist for this vacancy.");
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                insert into shortlist_status_change (shortlist_entry_id, from_status, to_status, changed_by_account_id, changed_by_role)
                values (@id, null, 'shortlisted', @account, 'coach')
                """, new { id, account = user.RequireAccountId() }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return (await GetShortlist.ReadAsync(connection, command.VacancyId, forEmployer: false, cancellationToken)).Single(i => i.EntryId == id);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/vacancies/{id:guid}/shortlist", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
            {
                var item = await sender.Send(new Command(id, body.ProfileId, body.Note), ct);
                return TypedResults.Created($"/api/vacancies/{id}/shortlist", item);
            })
            .WithName("AddToShortlist")
            .WithSummary("Coach: shortlist someone who allows coaches for a vacancy, with a note.");
}
