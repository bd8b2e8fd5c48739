using Mediator;
using TalentMatch.Web.Infrastructure.Behaviours;
using TalentMatch.Web.Infrastructure.Security;

namespace TalentMatch.Tests;

public sealed class AccessRuleTests
{
    /// <summary>Every message type the app handles, found the way the mediator finds them.</summary>
    public static TheoryData<string> Messages()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(AccessRules).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IMessage).IsAssignableFrom(t)))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_says_who_may_send_it(string message)
    {
        var type = typeof(AccessRules).Assembly.GetType(message)!;
        Assert.NotNull(AccessRules.For(type));
    }

    [Fact]
    public void Finds_the_messages_at_all() => Assert.True(Messages().Count >= 20);

    sealed record Unmarked;

    sealed class Asker(bool system, bool authenticated, params Role[] roles) : ICurrentUser
    {
        public bool IsSystem => system;
        public bool IsAuthenticated => authenticated;
        public Guid? AccountId => authenticated ? Guid.Empty : null;
        public Guid? EmployerId => null;
        public bool IsIn(Role role) => roles.Contains(role);
    }

    static readonly Asker System = new(system: true, authenticated: false);
    static readonly Asker Stranger = new(system: false, authenticated: false);
    static readonly Asker Seeker = new(system: false, authenticated: true, Role.JobSeeker);

    [Fact]
    public void Refuses_a_message_without_an_access_rule_even_for_the_system() =>
        Assert.Throws<ForbiddenException>(() => AccessRules.Check(AccessRules.For(typeof(Unmarked)), typeof(Unmarked), System));

    [Fact]
    public void Refuses_system_only_messages_inside_a_request_and_allows_them_outside()
    {
        Assert.Throws<ForbiddenException>(() => AccessRules.Check(new SystemOnlyAttribute(), typeof(Unmarked), Seeker));
        AccessRules.Check(new SystemOnlyAttribute(), typeof(Unmarked), System);
    }

    [Fact]
    public void Asks_strangers_to_sign_in_and_refuses_the_wrong_role()
    {
        var coachesOnly = new AllowedForAttribute(Role.Coach);
        Assert.Throws<NotAuthenticatedException>(() => AccessRules.Check(coachesOnly, typeof(Unmarked), Stranger));
        Assert.Throws<ForbiddenException>(() => AccessRules.Check(coachesOnly, typeof(Unmarked), Seeker));
        AccessRules.Check(new AllowedForAttribute(Role.Coach, Role.JobSeeker), typeof(Unmarked), Seeker);
        AccessRules.Check(new AnonymousAttribute(), typeof(Unmarked), Stranger);
    }
}
