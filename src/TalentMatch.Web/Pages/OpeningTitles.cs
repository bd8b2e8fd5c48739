using Mediator;
using TalentMatch.Web.Features.Internships;
using TalentMatch.Web.Features.Vacancies;
using TalentMatch.Web.Infrastructure.Errors;

namespace TalentMatch.Web.Pages;

/// <summary>Vacancies and internship places share ids, ranking and shortlists; only reading one back differs.</summary>
public static class OpeningTitles
{
    public static async Task<string> ReadAsync(ISender sender, Guid id, CancellationToken ct)
    {
        try
        {
            return (await sender.Send(new GetVacancy.Query(id), ct)).Title;
        }
        catch (NotFoundException)
        {
            return (await sender.Send(new GetInternship.Query(id), ct)).Title;
        }
    }
}
