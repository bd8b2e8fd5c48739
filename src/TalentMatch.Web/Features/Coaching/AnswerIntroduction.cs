using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>
/// The person accepts or declines a proposed introduction. Accepting shows the employer their name and e-mail
/// address. They may also agree that the shortlist data is kept longer than the usual retention period.
/// </summary>
public static class AnswerIntroduction
{
    [AllowedFor(Role.JobSeeker)]
    public sealed record Command(Guid EntryId, bool Accept, DateOnly? KeepUntil) : ICommand<ListMyIntroductions.Item>;

    public sealed record Body(bool Accept, DateOnly? KeepUntil);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.KeepUntil).Must(d => d is null || (d > DateOnly.FromDateTime(DateTime.UtcNow) && d <= DateOnly.FromDateTime(DateTime.UtcNow).AddYears(2)))
                .WithMessage("Must lie in the next two years.");
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : ICommandHandler<Command, ListMyIntroductions.Item>
    {
        public async ValueTask<ListMyIntroductions.Item> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                var entry = await Shortlists.ReadForAsync(connection, transaction, user, command.EntryId, cancellationToken);
                if (entry.OwnerAccountId != user.AccountId)
                {
                    throw new Infrastructure.Errors.NotFoundException("Shortlist entry", command.EntryId);
                }

                var to = command.Accept ? "accepted" : "declined";
                Shortlists.EnsureCanMove(entry, to);
                await Shortlists.ChangeStatusAsync(connection, transaction, user, entry.ShortlistEntryId, entry.Status, to, null, cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition("update shortlist_entry set keep_until = @KeepUntil where shortlist_entry_id = @EntryId",
                    command, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }

            return (await ListMyIntroductions.ReadAsync(connection, user.RequireAccountId(), cancellationToken)).Single(i => i.EntryId == command.EntryId);
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/me/introductions/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.Accept, body.KeepUntil), ct)))
            .WithName("AnswerIntroduction")
            .WithSummary("Accept or decline a proposed introduction (accepting shows the employer your name and e-mail).");
}
