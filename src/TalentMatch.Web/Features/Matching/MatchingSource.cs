using Dapper;
using Npgsql;
using TalentMatch.Matching.Model;

namespace TalentMatch.Web.Features.Matching;

/// <summary>What a match result shows about an opening without another database round trip.</summary>
public sealed record OpeningCard(Guid Id, string Kind, string Title, Guid EmployerId, string EmployerName, string Postcode);

/// <summary>
/// Reads the taxonomy, open openings and matchable people from PostgreSQL into matching's shapes.
/// The bulk loads stream rows (no buffering), so a million openings fit the start-up budget.
/// </summary>
public static class MatchingSource
{
    public static async Task<(SkillSpace Space, string[] LabelsNl, string[] LabelsEn)> LoadSpaceAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var skills = (await connection.QueryAsync<(Guid Id, string? Nl, string En)>(new CommandDefinition(
            "select skill_id, label_nl, label_en from skill order by skill_id", cancellationToken: ct))).AsList();
        var relations = (await connection.QueryAsync<(Guid, Guid)>(new CommandDefinition("""
            select skill_id, related_skill_id from skill_relation
            union all
            select skill_id, broader_skill_id from skill_broader_skill
            """, cancellationToken: ct))).AsList();
        var occupations = (await connection.QueryAsync<Guid>(new CommandDefinition("select occupation_id from occupation order by occupation_id", cancellationToken: ct))).AsList();
        var links = (await connection.QueryAsync<(Guid, Guid, bool)>(new CommandDefinition(
            "select occupation_id, skill_id, relation = 'essential' from occupation_skill", cancellationToken: ct))).AsList();
        var space = new SkillSpace(skills.Select(s => s.Id).ToList(), relations, occupations, links);
        return (space, skills.Select(s => s.Nl ?? s.En).ToArray(), skills.Select(s => s.En).ToArray());
    }

    const string OpeningsSql = """
        select v.vacancy_id, v.kind, v.title, v.employer_id, e.name, v.education_level, v.postcode, v.hours_per_week, v.occupation_id,
               i.period_start, v.closing_date,
               array_agg(vs.skill_id order by vs.skill_id), array_agg(vs.min_level order by vs.skill_id), array_agg(vs.importance = 'essential' order by vs.skill_id)
        from vacancy v
        join employer e on e.employer_id = v.employer_id
        join vacancy_skill vs on vs.vacancy_id = v.vacancy_id
        left join internship_place i on i.vacancy_id = v.vacancy_id
        where (v.status = 'open' or @anyStatus) and (@id::uuid is null or v.vacancy_id = @id)
        group by v.vacancy_id, e.name, i.period_start
        """;

    /// <summary>All open openings, or just one (null when it is closed or gone).</summary>
    public static IAsyncEnumerable<(Opening Opening, OpeningCard Card)> ReadOpeningsAsync(NpgsqlConnection connection, SkillSpace space, Guid? id, CancellationToken ct) =>
        ReadOpeningsAsync(connection, space, id, anyStatus: false, ct);

    /// <param name="anyStatus">Closed openings too: training reads the vacancies people were hired for, which are usually closed by then.</param>
    public static async IAsyncEnumerable<(Opening Opening, OpeningCard Card)> ReadOpeningsAsync(NpgsqlConnection connection, SkillSpace space, Guid? id, bool anyStatus,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(OpeningsSql, connection);
        command.Parameters.AddWithValue("id", NpgsqlTypes.NpgsqlDbType.Uuid, (object?)id ?? DBNull.Value);
        command.Parameters.AddWithValue("anyStatus", anyStatus);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (skills, levels, essential) = Align(space, reader.GetFieldValue<Guid[]>(11), reader.GetFieldValue<short[]>(12), reader.GetFieldValue<bool[]>(13));
            var occupation = reader.IsDBNull(8) ? -1 : space.Occupation(reader.GetGuid(8)) ?? -1;
            var opening = new Opening(reader.GetGuid(0), reader.GetString(1) == "internship", skills, levels, essential,
                EducationScale.Of(reader.GetString(5)), short.Parse(reader.GetString(6), System.Globalization.CultureInfo.InvariantCulture),
                (byte)reader.GetInt32(7), occupation, reader.IsDBNull(9) ? 0 : Days.Of(reader.GetFieldValue<DateOnly>(9)))
            {
                ClosesOn = reader.IsDBNull(10) ? 0 : Days.Of(reader.GetFieldValue<DateOnly>(10)),
            };
            yield return (opening, new OpeningCard(opening.Id, reader.GetString(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4), reader.GetString(6)));
        }
    }

    // Neither stream is ordered: a sort or an index-ordered scan over millions of rows costs PostgreSQL more than the
    // whole load may take, so both are sequential scans and the rows are matched up here.
    const string OpeningHeadsCopy = """
        copy (select v.vacancy_id, v.kind, v.title, v.employer_id, e.name, v.education_level, v.postcode, v.hours_per_week, v.occupation_id,
                     i.period_start, v.closing_date
              from vacancy v
              join employer e on e.employer_id = v.employer_id
              left join internship_place i on i.vacancy_id = v.vacancy_id
              where v.status = 'open') to stdout (format binary)
        """;

    // No join to vacancy either: rows of closed vacancies find no opening and are dropped while matching up.
    const string OpeningSkillsCopy = """
        copy (select vacancy_id, skill_id, min_level, importance = 'essential' from vacancy_skill) to stdout (format binary)
        """;

    /// <summary>
    /// Every open opening at once, for start-up: the openings and their skill rows stream by binary COPY on two
    /// connections in parallel, read in one shared snapshot, and are matched up by vacancy id.
    /// The result is what <see cref="ReadOpeningsAsync"/> gives row by row (in no particular order).
    /// </summary>
    public static async Task<(List<Opening> Openings, List<OpeningCard> Cards)> LoadOpeningsAsync(NpgsqlDataSource dataSource, SkillSpace space, CancellationToken ct, ILogger? logger = null)
    {
        await using var headsConnection = await dataSource.OpenConnectionAsync(ct);
        await using var skillsConnection = await dataSource.OpenConnectionAsync(ct);
        await using var headsTransaction = await headsConnection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using var skillsTransaction = await skillsConnection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        string snapshot;
        await using (var export = new NpgsqlCommand("select pg_export_snapshot()", headsConnection, headsTransaction))
        {
            snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
        }

        await using (var import = new NpgsqlCommand($"set transaction snapshot '{snapshot}'", skillsConnection, skillsTransaction))
        {
            await import.ExecuteNonQueryAsync(ct);
        }

        // Synchronous readers on pool threads: COPY rows are small, and awaiting each field costs more than it saves.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan headsDone = default, skillsDone = default;
        var headsRead = Task.Run(() =>
        {
            var read = ReadOpeningHeads(headsConnection, space, ct);
            headsDone = clock.Elapsed;
            return read;
        }, ct);
        var skillsRead = Task.Run(() =>
        {
            var read = ReadOpeningSkills(skillsConnection, space, ct);
            skillsDone = clock.Elapsed;
            return read;
        }, ct);
        await Task.WhenAll(headsRead, skillsRead);
        var (heads, cards, slotOf) = await headsRead;
        var rows = await skillsRead;
        await headsTransaction.CommitAsync(ct);
        await skillsTransaction.CommitAsync(ct);
        var merging = clock.Elapsed;
        var merged = Merge(heads, cards, slotOf, rows);
        logger?.LogInformation("Openings streamed by {Heads:F2} s, their skill rows by {Skills:F2} s, merged in {Merge:F2} s",
            headsDone.TotalSeconds, skillsDone.TotalSeconds, (clock.Elapsed - merging).TotalSeconds);
        return merged;
    }

    /// <summary>An opening's facts before its skills are merged in.</summary>
    readonly record struct OpeningHead(Guid Id, bool IsInternship, byte Education, short Postcode, byte HoursPerWeek, int Occupation, int StartsOn, int ClosesOn);

    /// <summary>
    /// Skill rows in shared columns, cut into runs of consecutive rows of one vacancy (a vacancy's rows are usually
    /// stored together, so there are about as many runs as vacancies and one lookup per run).
    /// Skills the space does not know are dropped, as <see cref="Align"/> does, but their run still counts.
    /// </summary>
    sealed class SkillRows
    {
        public int[] Skills = new int[1 << 20];
        public byte[] Levels = new byte[1 << 20];
        public bool[] Essential = new bool[1 << 20];
        public int Count;
        public readonly List<(Guid Vacancy, int Start)> Runs = [];
    }

    /// <summary>
    /// Reads the openings straight from COPY's binary format, like the skill rows: typed reads cost a lookup per
    /// field, and each text field a new string that is mostly a repeat (employer names, titles, postcodes).
    /// Text is decoded into a reused buffer and looked up there, so only a string not seen before is allocated.
    /// </summary>
    static (List<OpeningHead> Heads, List<OpeningCard> Cards, Dictionary<Guid, int> SlotOf) ReadOpeningHeads(NpgsqlConnection connection, SkillSpace space, CancellationToken ct)
    {
        const int Fields = 11;
        var heads = new List<OpeningHead>();
        var cards = new List<OpeningCard>();
        var slotOf = new Dictionary<Guid, int>();
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = strings.GetAlternateLookup<ReadOnlySpan<char>>();
        var postcodes = new Dictionary<string, short>(StringComparer.Ordinal);
        var educations = new Dictionary<string, byte>(StringComparer.Ordinal);
        var chars = new char[256];
        using var stream = connection.BeginRawBinaryCopy(OpeningHeadsCopy);
        var copy = new CopyBuffer(stream);
        copy.SkipHeader();
        while (true)
        {
            var fields = copy.ReadInt16();
            if (fields == -1)
            {
                break;
            }

            if (fields != Fields)
            {
                throw new InvalidDataException($"An opening row has {fields} fields, not {Fields}.");
            }

            if ((heads.Count & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var id = copy.ReadGuid();
            var kind = Text();
            var title = Text();
            var employerId = copy.ReadGuid();
            var employerName = Text();
            var educationText = Text();
            if (!educations.TryGetValue(educationText, out var education))
            {
                educations[educationText] = education = EducationScale.Of(educationText);
            }

            var postcodeText = Text();
            if (!postcodes.TryGetValue(postcodeText, out var postcode))
            {
                postcodes[postcodeText] = postcode = short.Parse(postcodeText, System.Globalization.CultureInfo.InvariantCulture);
            }

            var hours = (byte)copy.ReadInt32Field();
            var occupation = copy.NextIsNull() ? -1 : space.Occupation(copy.ReadGuid()) ?? -1;
            // A binary date is the number of days since 2000-01-01, which is exactly what Days counts.
            var startsOn = copy.NextIsNull() ? 0 : copy.ReadInt32Field();
            var closesOn = copy.NextIsNull() ? 0 : copy.ReadInt32Field();
            slotOf[id] = heads.Count;
            heads.Add(new OpeningHead(id, kind == "internship", education, postcode, hours, occupation, startsOn, closesOn));
            cards.Add(new OpeningCard(id, kind, title, employerId, employerName, postcodeText));
        }

        return (heads, cards, slotOf);

        string Text()
        {
            var bytes = copy.ReadField();
            if (chars.Length < bytes.Length)
            {
                // UTF-8 never has more characters than bytes.
                chars = new char[Math.Max(bytes.Length, chars.Length * 2)];
            }

            var text = chars.AsSpan(0, System.Text.Encoding.UTF8.GetChars(bytes, chars));
            if (known.TryGetValue(text, out var value))
            {
                return value;
            }

            value = new string(text);
            strings[value] = value;
            return value;
        }
    }

    /// <summary>
    /// Reads the skill rows straight from COPY's binary format. There are ten or more per opening, so this is the
    /// hot loop of the start-up load: decoding the four fixed-size fields by hand costs a fraction of reading them
    /// one typed field at a time.
    /// </summary>
    static SkillRows ReadOpeningSkills(NpgsqlConnection connection, SkillSpace space, CancellationToken ct)
    {
        // A row: field count (2), then length (4) + value for uuid (16), uuid (16), smallint (2), boolean (1).
        const int RowLength = 2 + 4 + 16 + 4 + 16 + 4 + 2 + 4 + 1;
        var rows = new SkillRows();
        var current = Guid.Empty;
        using var stream = connection.BeginRawBinaryCopy(OpeningSkillsCopy);
        var copy = new CopyBuffer(stream);
        copy.SkipHeader();
        while (true)
        {
            if (!copy.Ensure(2))
            {
                throw new InvalidDataException("The skill rows ended without COPY's trailer.");
            }

            var row = copy.Window;
            if (System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(row) == -1)
            {
                break;
            }

            if (!copy.Ensure(RowLength))
            {
                throw new InvalidDataException("The skill rows ended inside a row.");
            }

            row = copy.Window;
            if (System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(row) != 4 || Length(row, 2) != 16 || Length(row, 22) != 16 || Length(row, 42) != 2 || Length(row, 48) != 1)
            {
                throw new InvalidDataException("A skill row does not have the expected four fields.");
            }

            var vacancy = new Guid(row.Slice(6, 16), bigEndian: true);
            var skillId = new Guid(row.Slice(26, 16), bigEndian: true);
            var level = (byte)System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(row[46..]);
            var essential = row[52] != 0;
            copy.Advance(RowLength);
            if (vacancy != current || rows.Runs.Count == 0)
            {
                if ((rows.Runs.Count & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }

                rows.Runs.Add((vacancy, rows.Count));
                current = vacancy;
            }

            if (space.Skill(skillId) is not int skill)
            {
                continue;
            }

            if (rows.Count == rows.Skills.Length)
            {
                Array.Resize(ref rows.Skills, rows.Count * 2);
                Array.Resize(ref rows.Levels, rows.Count * 2);
                Array.Resize(ref rows.Essential, rows.Count * 2);
            }

            rows.Skills[rows.Count] = skill;
            rows.Levels[rows.Count] = level;
            rows.Essential[rows.Count] = essential;
            rows.Count++;
        }

        return rows;
    }

    static int Length(ReadOnlySpan<byte> row, int at) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(row[at..]);

    /// <summary>A sliding window over a raw COPY stream.</summary>
    sealed class CopyBuffer(Stream stream)
    {
        readonly byte[] _buffer = new byte[1 << 18];
        int _start;
        int _end;

        public ReadOnlySpan<byte> Window => _buffer.AsSpan(_start, _end - _start);

        /// <summary>Makes at least <paramref name="count"/> bytes available; false at the end of the stream.</summary>
        public bool Ensure(int count)
        {
            if (_end - _start >= count)
            {
                return true;
            }

            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            (_end, _start) = (_end - _start, 0);
            while (_end < count)
            {
                var read = stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    return false;
                }

                _end += read;
            }

            return true;
        }

        public void Advance(int count) => _start += count;

        public short ReadInt16()
        {
            Need(2);
            var value = System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(Window);
            Advance(2);
            return value;
        }

        /// <summary>Whether the next field is NULL; a NULL field is consumed, any other is left to be read.</summary>
        public bool NextIsNull()
        {
            Need(4);
            if (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Window) != -1)
            {
                return false;
            }

            Advance(4);
            return true;
        }

        /// <summary>The next field's bytes, valid until the next read; a NULL field is an error here.</summary>
        public ReadOnlySpan<byte> ReadField()
        {
            Need(4);
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Window);
            if (length < 0 || length > _buffer.Length)
            {
                throw new InvalidDataException($"A field of length {length} where a value was expected.");
            }

            Advance(4);
            Need(length);
            var field = _buffer.AsSpan(_start, length);
            Advance(length);
            return field;
        }

        public Guid ReadGuid()
        {
            var field = ReadField();
            return field.Length == 16 ? new Guid(field, bigEndian: true) : throw new InvalidDataException("A uuid field is not 16 bytes long.");
        }

        public int ReadInt32Field()
        {
            var field = ReadField();
            return field.Length == 4 ? System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(field) : throw new InvalidDataException("An integer field is not 4 bytes long.");
        }

        void Need(int count)
        {
            if (!Ensure(count))
            {
                throw new InvalidDataException("The COPY stream ended inside a row.");
            }
        }

        /// <summary>The signature, flags and header extension that open every binary COPY.</summary>
        public void SkipHeader()
        {
            ReadOnlySpan<byte> signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
            if (!Ensure(signature.Length + 8) || !Window[..signature.Length].SequenceEqual(signature))
            {
                throw new InvalidDataException("Not a binary COPY stream.");
            }

            var extension = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Window[(signature.Length + 4)..]);
            Advance(signature.Length + 8);
            if (!Ensure(extension))
            {
                throw new InvalidDataException("The COPY header ended early.");
            }

            Advance(extension);
        }
    }

    /// <summary>Gives each opening its skill rows, sorted by dense skill index; openings without any skill row are left out, as the row-by-row read does.</summary>
    static (List<Opening> Openings, List<OpeningCard> Cards) Merge(List<OpeningHead> heads, List<OpeningCard> cards, Dictionary<Guid, int> slotOf, SkillRows rows)
    {
        var runSlot = new int[rows.Runs.Count];
        var perSlot = new int[heads.Count];
        var hasRows = new bool[heads.Count];
        for (var r = 0; r < runSlot.Length; r++)
        {
            var slot = runSlot[r] = slotOf.GetValueOrDefault(rows.Runs[r].Vacancy, -1);
            if (slot >= 0)
            {
                perSlot[slot] += RunEnd(rows, r) - rows.Runs[r].Start;
                hasRows[slot] = true;
            }
        }

        var skills = new int[heads.Count][];
        var levels = new byte[heads.Count][];
        var essential = new bool[heads.Count][];
        for (var slot = 0; slot < heads.Count; slot++)
        {
            skills[slot] = perSlot[slot] == 0 ? [] : new int[perSlot[slot]];
            levels[slot] = perSlot[slot] == 0 ? [] : new byte[perSlot[slot]];
            essential[slot] = perSlot[slot] == 0 ? [] : new bool[perSlot[slot]];
            perSlot[slot] = 0; // from here on: how many rows are filled in
        }

        for (var r = 0; r < runSlot.Length; r++)
        {
            var slot = runSlot[r];
            if (slot < 0)
            {
                continue;
            }

            var (start, end) = (rows.Runs[r].Start, RunEnd(rows, r));
            rows.Skills.AsSpan(start, end - start).CopyTo(skills[slot].AsSpan(perSlot[slot]));
            rows.Levels.AsSpan(start, end - start).CopyTo(levels[slot].AsSpan(perSlot[slot]));
            rows.Essential.AsSpan(start, end - start).CopyTo(essential[slot].AsSpan(perSlot[slot]));
            perSlot[slot] += end - start;
        }

        var openings = new List<Opening>(heads.Count);
        var kept = new List<OpeningCard>(heads.Count);
        for (var slot = 0; slot < heads.Count; slot++)
        {
            if (!hasRows[slot])
            {
                continue;
            }

            SortBySkill(skills[slot], levels[slot], essential[slot]);
            var head = heads[slot];
            openings.Add(new Opening(head.Id, head.IsInternship, skills[slot], levels[slot], essential[slot], head.Education, head.Postcode, head.HoursPerWeek,
                head.Occupation, head.StartsOn) { ClosesOn = head.ClosesOn });
            kept.Add(cards[slot]);
        }

        return (openings, kept);
    }

    static int RunEnd(SkillRows rows, int run) => run + 1 < rows.Runs.Count ? rows.Runs[run + 1].Start : rows.Count;

    /// <summary>Insertion sort of one opening's few rows by dense skill index, carrying level and importance along.</summary>
    static void SortBySkill(int[] skills, byte[] levels, bool[] essential)
    {
        for (var i = 1; i < skills.Length; i++)
        {
            var (s, l, e) = (skills[i], levels[i], essential[i]);
            var j = i - 1;
            while (j >= 0 && skills[j] > s)
            {
                skills[j + 1] = skills[j];
                levels[j + 1] = levels[j];
                essential[j + 1] = essential[j];
                j--;
            }

            (skills[j + 1], levels[j + 1], essential[j + 1]) = (s, l, e);
        }
    }

    const string CandidatesSql = """
        select p.profile_id, p.education_level, p.postcode, p.hours_per_week, p.available_from, p.visibility,
               array_agg(ps.skill_id order by ps.skill_id), array_agg(ps.level order by ps.skill_id),
               coalesce((select array_agg(w.occupation_id) from profile_wanted_occupation w where w.profile_id = p.profile_id), '{}')
        from profile p
        join profile_skill ps on ps.profile_id = p.profile_id
        where (@id::uuid is null or p.profile_id = @id) and (@includePrivate or p.visibility <> 'private')
        group by p.profile_id
        """;

    /// <summary>People for matching; private profiles only when asked for one person's own matches.</summary>
    public static async IAsyncEnumerable<Candidate> ReadCandidatesAsync(NpgsqlConnection connection, SkillSpace space, Guid? id, bool includePrivate,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(CandidatesSql, connection);
        command.Parameters.AddWithValue("id", NpgsqlTypes.NpgsqlDbType.Uuid, (object?)id ?? DBNull.Value);
        command.Parameters.AddWithValue("includePrivate", includePrivate);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return ReadCandidate(reader, space);
        }
    }

    /// <summary>One row in the column order of <see cref="CandidatesSql"/> as matching's person.</summary>
    static Candidate ReadCandidate(NpgsqlDataReader reader, SkillSpace space)
    {
        var skillIds = reader.GetFieldValue<Guid[]>(6);
        var (skills, levels, _) = Align(space, skillIds, reader.GetFieldValue<short[]>(7), new bool[skillIds.Length]);
        var wanted = reader.GetFieldValue<Guid[]>(8).Select(o => space.Occupation(o) ?? -1).Where(o => o >= 0).ToArray();
        return new Candidate(reader.GetGuid(0), skills, levels, EducationScale.Of(reader.GetString(1)),
            reader.IsDBNull(2) ? (short)0 : short.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture),
            reader.IsDBNull(3) ? (byte)0 : (byte)reader.GetInt32(3), reader.IsDBNull(4) ? 0 : Days.Of(reader.GetFieldValue<DateOnly>(4)), wanted)
        {
            Visibility = reader.GetString(5) switch { "employers-anonymous" => 2, "coach" => 1, _ => 0 },
        };
    }

    // The columns of CandidatesSql, then the owner; a profile without skills still gives its row (empty arrays).
    const string ProfileSql = """
        select p.profile_id, p.education_level, p.postcode, p.hours_per_week, p.available_from, p.visibility,
               coalesce(array_agg(ps.skill_id order by ps.skill_id) filter (where ps.skill_id is not null), '{}'),
               coalesce(array_agg(ps.level order by ps.skill_id) filter (where ps.skill_id is not null), '{}'),
               coalesce((select array_agg(w.occupation_id) from profile_wanted_occupation w where w.profile_id = p.profile_id), '{}'),
               p.owner_account_id
        from profile p
        left join profile_skill ps on ps.profile_id = p.profile_id
        where p.profile_id = @id
        group by p.profile_id
        """;

    /// <summary>
    /// One profile, private or not, with who owns it, in one round trip; null when it does not exist.
    /// Person is null when the profile lists no skill.
    /// </summary>
    public static async Task<ProfileCache.Entry?> ReadProfileAsync(NpgsqlConnection connection, SkillSpace space, Guid id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ProfileSql, connection);
        command.Parameters.AddWithValue("id", NpgsqlTypes.NpgsqlDbType.Uuid, id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var owner = reader.IsDBNull(9) ? (Guid?)null : reader.GetGuid(9);
        var visibility = reader.GetString(5);
        var person = reader.GetFieldValue<Guid[]>(6).Length == 0 ? null : ReadCandidate(reader, space);
        return new ProfileCache.Entry(owner, visibility, person, space);
    }

    /// <summary>Maps skill ids to dense indexes, drops skills the space does not know, and sorts by index.</summary>
    static (int[] Skills, byte[] Levels, bool[] Flags) Align(SkillSpace space, Guid[] ids, short[] levels, bool[] flags)
    {
        var rows = new List<(int Skill, byte Level, bool Flag)>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (space.Skill(ids[i]) is int skill)
            {
                rows.Add((skill, (byte)levels[i], flags[i]));
            }
        }

        rows.Sort((a, b) => a.Skill.CompareTo(b.Skill));
        return (rows.Select(r => r.Skill).ToArray(), rows.Select(r => r.Level).ToArray(), rows.Select(r => r.Flag).ToArray());
    }
}
