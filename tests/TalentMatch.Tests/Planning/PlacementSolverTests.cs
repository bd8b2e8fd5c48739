using TalentMatch.Planning.Placement;

namespace TalentMatch.Tests.Planning;

public sealed class PlacementSolverTests
{
    static readonly DateOnly Feb = new(2026, 2, 2);
    static readonly DateOnly Jun = new(2026, 6, 26);

    static Seeker Student(string level = "mbo4", string programme = "25604", IReadOnlyList<int>? preferences = null) => new(level, programme, Feb, Jun, preferences);

    static Slot Place(int capacity = 1, string level = "mbo4", string programme = "25604", DateOnly? start = null, DateOnly? end = null, IReadOnlyList<int>? preferences = null) =>
        new(level, programme, start ?? Feb, end ?? Jun, capacity, preferences);

    static PlacementProblem Problem(Seeker[] seekers, Slot[] places, double[,] quality) => new(seekers, places, (s, p) => quality[s, p]);

    [Fact]
    public void Optimal_placement_gives_up_the_single_best_pair_when_two_good_pairs_are_worth_more()
    {
        // A fits P best (0.9) but also Q (0.8); B fits only P (0.7). By hand: A→Q, B→P = 1.5 beats A→P alone = 0.9.
        var problem = Problem([Student(), Student()], [Place(), Place()], new[,] { { 0.9, 0.8 }, { 0.7, 0.0 } });

        var optimal = OptimalPlacement.Solve(problem);
        var greedy = GreedyPlacement.Solve(problem);

        Assert.Equal([(0, 1), (1, 0)], optimal.Placements.Select(p => (p.Seeker, p.Place)).Order());
        Assert.Equal(1.5, optimal.TotalQuality, 6);
        Assert.True(optimal.Optimal);
        Assert.Equal(0.9, greedy.TotalQuality, 6);
        Assert.Single(greedy.Placements);
    }

    [Fact]
    public void Optimal_placement_fills_a_place_up_to_its_capacity_and_no_further()
    {
        var problem = Problem([Student(), Student(), Student()], [Place(capacity: 2)], new[,] { { 0.5 }, { 0.9 }, { 0.7 } });

        var result = OptimalPlacement.Solve(problem);

        Assert.Equal([1, 2], result.Placements.Select(p => p.Seeker).Order());
        Assert.Equal(new Unplaced(0, UnplacedReason.CapacityTaken), Assert.Single(result.Unplaced));
    }

    [Fact]
    public void Every_unplaced_student_gets_the_most_fundamental_reason()
    {
        Seeker[] seekers =
        [
            Student(level: "hbo"),                       // no hbo place at all
            Student(),                                   // the only place runs in the autumn
            Student(programme: "25250"),                 // the place fits in time but not in skills
        ];
        Slot[] places =
        [
            Place(start: new DateOnly(2026, 9, 1), end: new DateOnly(2027, 1, 29)),
            Place(programme: "25250"),
        ];
        var problem = Problem(seekers, places, new[,] { { 0.9, 0.9 }, { 0.9, 0.9 }, { 0.9, 0.01 } });

        var result = OptimalPlacement.Solve(problem);

        Assert.Empty(result.Placements);
        Assert.Equal([UnplacedReason.NoPlaceAtLevel, UnplacedReason.PeriodClash, UnplacedReason.NoSkillsFit], result.Unplaced.OrderBy(u => u.Seeker).Select(u => u.Reason));
    }

    [Fact]
    public void A_place_overlapping_at_least_half_the_students_period_fits_and_a_sliver_does_not()
    {
        var student = Student();
        Assert.True(PlacementProblem.PeriodsFit(student, Place(start: new DateOnly(2026, 4, 1), end: new DateOnly(2026, 9, 1))));
        Assert.False(PlacementProblem.PeriodsFit(student, Place(start: new DateOnly(2026, 6, 1), end: new DateOnly(2026, 9, 1))));
    }

    [Fact]
    public void Stable_placement_is_the_student_proposing_one_when_another_stable_placement_exists()
    {
        // s0: p0 > p1, s1: p1 > p0; hosts the other way round. Both placements are stable; students proposing
        // each get their first choice (s0→p0, s1→p1), the hosts' optimum would be the swap.
        var problem = Problem([Student(preferences: [0, 1]), Student(preferences: [1, 0])],
            [Place(preferences: [1, 0]), Place(preferences: [0, 1])], new[,] { { 0.5, 0.5 }, { 0.5, 0.5 } });

        var result = StablePlacement.Solve(problem);

        Assert.Equal([(0, 0), (1, 1)], result.Placements.Select(p => (p.Seeker, p.Place)));
        Assert.True(result.Optimal);
    }

    [Fact]
    public void Stable_placement_lets_the_host_keep_the_student_it_prefers()
    {
        // Both want p0; p0 prefers s1. Deferred acceptance by hand: p0 keeps s1, s0 moves on to p1.
        var problem = Problem([Student(preferences: [0, 1]), Student(preferences: [0, 1])],
            [Place(preferences: [1, 0]), Place(preferences: [0, 1])], new[,] { { 0.9, 0.1 }, { 0.2, 0.8 } });

        var result = StablePlacement.Solve(problem);

        Assert.Equal([(0, 1), (1, 0)], result.Placements.Select(p => (p.Seeker, p.Place)));
    }

    [Fact]
    public void Stable_placement_equals_deferred_acceptance_on_random_markets()
    {
        var random = new Random(42);
        for (var round = 0; round < 25; round++)
        {
            var students = random.Next(2, 9);
            var hosts = random.Next(1, 5);
            var quality = new double[students, hosts];
            for (var s = 0; s < students; s++)
            {
                for (var p = 0; p < hosts; p++)
                {
                    quality[s, p] = random.NextDouble() < 0.7 ? 0.1 + random.NextDouble() : 0;
                }
            }

            var seekers = Enumerable.Range(0, students).Select(_ => Student(preferences: Shuffle(random, hosts))).ToArray();
            var places = Enumerable.Range(0, hosts).Select(_ => Place(capacity: random.Next(1, 3), preferences: Shuffle(random, students))).ToArray();
            var problem = Problem(seekers, places, quality);

            var result = StablePlacement.Solve(problem);

            Assert.Equal(DeferredAcceptance(problem), result.Placements.Select(p => (p.Seeker, p.Place)).Order().ToList());
        }
    }

    static int[] Shuffle(Random random, int n)
    {
        var items = Enumerable.Range(0, n).ToArray();
        random.Shuffle(items);
        return items;
    }

    /// <summary>The textbook student-proposing algorithm, only as a test oracle for the CP-SAT model.</summary>
    static List<(int, int)> DeferredAcceptance(PlacementProblem problem)
    {
        bool Acceptable(int s, int p) => problem.Seekers[s].Level == problem.Places[p].Level && problem.Quality(s, p) >= problem.MinimumQuality;
        var lists = problem.Seekers.Select((seeker, s) => seeker.Preferences!.Where(p => Acceptable(s, p)).ToList()).ToArray();
        var next = new int[lists.Length];
        var held = problem.Places.Select(_ => new List<int>()).ToArray();
        var free = new Queue<int>(Enumerable.Range(0, lists.Length));
        while (free.TryDequeue(out var s))
        {
            if (next[s] >= lists[s].Count)
            {
                continue;
            }

            var p = lists[s][next[s]++];
            var ranking = problem.Places[p].Preferences!.ToList();
            held[p].Add(s);
            if (held[p].Count > problem.Places[p].Capacity)
            {
                var worst = held[p].OrderBy(ranking.IndexOf).Last();
                held[p].Remove(worst);
                free.Enqueue(worst);
            }
        }

        return held.SelectMany((students, p) => students.Select(s => (s, p))).Order().ToList();
    }
}
