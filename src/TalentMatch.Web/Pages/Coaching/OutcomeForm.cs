using FluentValidation;
using Mediator;
using TalentMatch.Web.Features.Coaching;
using TalentMatch.Web.Infrastructure.Errors;
using static TalentMatch.Web.Pages.Language;

namespace TalentMatch.Web.Pages.Coaching;

/// <summary>
/// Recording what came of an accepted introduction, shared by the coach's board and the employer's candidates page
/// because both may record it (the employer holds the interview, the coach follows the person).
/// </summary>
public sealed record OutcomeForm(GetShortlist.Item Item, string Label, FormErrors Errors)
{
    public static string OutcomeField(Guid entryId) => $"outcome-{entryId}";

    public static string ReasonField(Guid entryId) => $"reason-{entryId}";

    /// <summary>The outcomes that may follow the entry's status; none before the person accepted.</summary>
    public IReadOnlyList<string> Outcomes => Shortlists.Next[Item.Status].Where(s => s is "interview" or "hired" or "rejected").ToList();

    /// <summary>
    /// Sends the outcome; a refusal becomes a message on the form's fields and false. An unreachable entry, or one that
    /// is not on the page's own vacancy, still throws not found, and nothing is recorded.
    /// </summary>
    public static async Task<bool> RecordAsync(ISender sender, Guid vacancyId, Guid entryId, string? outcome, string? reason, FormErrors errors, CancellationToken ct)
    {
        await EnsureOnShortlistAsync(sender, vacancyId, entryId, ct);
        try
        {
            await sender.Send(new RecordOutcome.Command(entryId, outcome, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), ct);
            return true;
        }
        catch (ValidationException e)
        {
            foreach (var failure in e.Errors)
            {
                if (failure.PropertyName == nameof(RecordOutcome.Command.Outcome))
                {
                    errors.Add(OutcomeField(entryId), T("Kies een uitkomst.", "Choose an outcome."));
                }
                else
                {
                    errors.Add(ReasonField(entryId), failure.ErrorCode == "NotEmptyValidator"
                        ? T("Geef een reden waarom de kandidaat niet is aangenomen.", "Give a reason why the candidate was not hired.")
                        : T("Een reden is hoogstens 1000 tekens lang.", "A reason is at most 1000 characters long."));
                }
            }
        }
        catch (ConflictException)
        {
            // Someone else moved it first; the page shows where it stands now.
            errors.Add(OutcomeField(entryId), T("Dat kan niet meer: de stand is intussen veranderd.", "That is no longer possible: the status has changed meanwhile."));
        }

        return false;
    }

    /// <summary>
    /// A form posts to one vacancy's page; an entry of another vacancy is answered as a missing one before anything
    /// changes, so the answer never depends on whether the other entry exists.
    /// </summary>
    public static async Task EnsureOnShortlistAsync(ISender sender, Guid vacancyId, Guid entryId, CancellationToken ct)
    {
        if (!(await sender.Send(new GetShortlist.Query(vacancyId), ct)).Items.Any(i => i.EntryId == entryId))
        {
            throw new NotFoundException("Shortlist entry", entryId);
        }
    }
}
