using TalentMatch.Web.Features.Accounts;
using TalentMatch.Web.Features.Coaching;
using TalentMatch.Web.Features.Employers;
using TalentMatch.Web.Features.Hackathons;
using TalentMatch.Web.Features.Internships;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Features.Occupations;
using TalentMatch.Web.Features.Pact;
using TalentMatch.Web.Features.Profiles;
using TalentMatch.Web.Features.Skills;
using TalentMatch.Web.Features.Vacancies;

namespace TalentMatch.Web.Features;

/// <summary>Every slice maps its own route; this is the one list of them.</summary>
static class Endpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");

        var accounts = api.MapGroup("").WithTags("Accounts");
        RegisterJobSeeker.Map(accounts);
        SignIn.Map(accounts);
        GetMe.Map(accounts);
        CreateAccount.Map(accounts);
        ExportMyData.Map(accounts);
        EraseMe.Map(accounts);

        var taxonomy = api.MapGroup("").WithTags("Skills and occupations");
        SearchSkills.Map(taxonomy);
        ExtractSkills.Map(taxonomy);
        GetSkill.Map(taxonomy);
        SearchOccupations.Map(taxonomy);
        GetOccupation.Map(taxonomy);

        var profiles = api.MapGroup("").WithTags("Profiles");
        CreateProfile.Map(profiles);
        GetProfile.Map(profiles);
        UpdateProfile.Map(profiles);
        DeleteProfile.Map(profiles);
        ChangeVisibility.Map(profiles);
        FindMyProfile.Map(profiles);

        var employers = api.MapGroup("").WithTags("Employers");
        CreateEmployer.Map(employers);
        GetEmployer.Map(employers);

        var openings = api.MapGroup("").WithTags("Vacancies and internship places");
        CreateVacancy.Map(openings);
        GetVacancy.Map(openings);
        UpdateVacancy.Map(openings);
        CreateInternship.Map(openings);
        GetInternship.Map(openings);
        UpdateInternship.Map(openings);
        ListOpenings.Map(openings);
        DeleteOpening.Map(openings);

        var coaching = api.MapGroup("").WithTags("Coaching and introductions");
        AddToShortlist.Map(coaching);
        GetShortlist.Map(coaching);
        ReorderShortlist.Map(coaching);
        ProposeIntroduction.Map(coaching);
        AnswerIntroduction.Map(coaching);
        ListMyIntroductions.Map(coaching);
        RecordOutcome.Map(coaching);
        RequestIntroduction.Map(coaching);

        var matching = api.MapGroup("").WithTags("Matching");
        RecommendOpenings.Map(matching);
        RankCandidates.Map(matching);
        SuggestCareerSwitch.Map(matching);
        ExplainMyRankings.Map(matching);
        OpenCandidateCard.Map(matching);

        var pact = api.MapGroup("").WithTags("Internship pact");
        CreatePact.Map(pact);
        ListPacts.Map(pact);
        GetPact.Map(pact);
        AddPartner.Map(pact);
        AddPledge.Map(pact);
        LinkPlace.Map(pact);
        AddStudentRequest.Map(pact);
        RankStudents.Map(pact);
        RunAllocation.Map(pact);
        ChangePlacementStatus.Map(pact);
        PledgeFunnel.Map(pact);
        SupplyAndDemand.Map(pact);
        ListBottlenecks.Map(pact);
        ExportPactTable.Map(pact);

        var events = api.MapGroup("").WithTags("Hackathons and lab");
        CreateEvent.Map(events);
        ListEvents.Map(events);
        GetEvent.Map(events);
        AddChallenge.Map(events);
        CreateLabAssignment.Map(events);
        RegisterParticipant.Map(events);
        LockTeamMembers.Map(events);
        FormTeams.Map(events);
        GetTeams.Map(events);
        ExportEventTable.Map(events);
    }
}
