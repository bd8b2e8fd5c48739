using FluentValidation;
using Mediator;
using Npgsql;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Infrastructure.Validation;

namespace TalentMatch.Web.Features.Coaching;

/// <summary>The coach or the employer records what came of an accepted introduction: an interview, hired, or rejected with a reason.</summary>
public static class RecordOutcome
{
    [AllowedFor(Role.Coach, Role.Employer)]
    public sealed record Command(Guid EntryId, string? Outcome, string? Reason) : ICommand<GetShortlist.Response>;

    public sealed record Body(string? Outcome, string? Reason);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Outcome).NotEmpty().In(["interview", "hired", "rejected"]);
            RuleFor(c => c.Reason).NotEmpty().When(c => c.Outcome == "rejected").WithMessage("Say why the person was rejected.");
            RuleFor(c => c.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(NpgsqlDataSource dataSource, ICurrentUser user) : ICommandHandler<Command, GetShortlist.Response>
    {
        public async ValueTask<GetShortlist.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            Guid vacancy;
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                var entry = await Shortlists.ReadForAsync(connection, transaction, user, command.EntryId, cancellationToken);
                Shortlists.EnsureCanMove(entry, command.Outcome!);
                await Shortlists.ChangeStatusAsync(connection, transaction, user, entry.ShortlistEntryId, entry.Status, command.Outcome!, command.Reason, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                vacancy = entry.VacancyId;
            }

            return new GetShortlist.Response(vacancy, await GetShortlist.ReadAsync(connection, vacancy, forEmployer: !user.IsIn(Role.Coach), cancellationToken));
        }
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/shortlist/{id:guid}/outcome", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.Outcome, body.Reason), ct)))
            .WithName("RecordOutcome")
            .WithSummary("Coach or employer: interview, hired, or rejected (with a reason) after an accepted introduction.");
}
