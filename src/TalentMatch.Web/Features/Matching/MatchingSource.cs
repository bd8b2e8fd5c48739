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

    // The skills come packed in vacancy.skill_set (migration 0130), one value per vacancy, instead of as vacancy_skill
    // rows: PostgreSQL produces a million packed rows in a fraction of the time it needs for thirteen million skill
    // rows, and nothing has to be matched up here. No order by: each part is a scan of its own range of the table's
    // blocks (a TID range scan), so the parts split the work without a sort or an index.
    const string OpeningsCopy = """
        copy (select v.vacancy_id, v.kind, v.title, v.employer_id, e.name, v.education_level, v.postcode, v.hours_per_week, v.occupation_id,
                     i.period_start, v.closing_date, v.skill_set
              from vacancy v
              join employer e on e.employer_id = v.employer_id
              left join internship_place i on i.vacancy_id = v.vacancy_id
              where v.status = 'open' and v.skill_set is not null {0}) to stdout (format binary)
        """;

    /// <summary>Bytes per skill in <c>vacancy.skill_set</c>: the skill's uuid, min_level, essential (see migration 0130).</summary>
    const int SkillSetEntry = 18;

    /// <summary>
    /// Every open opening at once, for start-up. The vacancy table is cut into ranges of blocks, one per core, each
    /// streamed by binary COPY on its own connection and decoded on its own thread; all read one shared snapshot.
    /// The result is what <see cref="ReadOpeningsAsync"/> gives row by row (in no particular order).
    /// </summary>
    public static async Task<(List<Opening> Openings, List<OpeningCard> Cards)> LoadOpeningsAsync(NpgsqlDataSource dataSource, SkillSpace space, CancellationToken ct,
        ILogger? logger = null, int? parts = null)
    {
        var count = Math.Clamp(parts ?? Environment.ProcessorCount, 1, 8);
        var connections = new List<NpgsqlConnection>();
        var transactions = new List<NpgsqlTransaction>();
        try
        {
            for (var part = 0; part < count; part++)
            {
                var connection = await dataSource.OpenConnectionAsync(ct);
                connections.Add(connection);
                transactions.Add(await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct));
            }

            // The size is read in the exported snapshot's transaction; rows added at the table's end after it are in
            // the last part, whose range is open-ended, so no row is missed whatever the estimate.
            await using var export = new NpgsqlCommand("""
                select pg_export_snapshot(), pg_relation_size('vacancy') / current_setting('block_size')::bigint, greatest(c.reltuples, 0)::bigint
                from pg_class c where c.oid = 'vacancy'::regclass
                """, connections[0], transactions[0]);
            string snapshot;
            long blocks, rowsEstimate;
            await using (var reader = await export.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                (snapshot, blocks, rowsEstimate) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            for (var part = 1; part < count; part++)
            {
                await using var import = new NpgsqlCommand($"set transaction snapshot '{snapshot}'", connections[part], transactions[part]);
                await import.ExecuteNonQueryAsync(ct);
            }

            // The table is cut into more ranges than there are connections, and each connection takes the next range
            // when it is done: live rows are not spread evenly over the blocks (an updated row moves to free space,
            // often at the end), so equal halves could leave one core waiting for the other.
            var ranges = count == 1 ? 1 : count * 8;
            var next = -1;
            // Synchronous readers on pool threads: COPY rows are small, and awaiting each field costs more than it saves.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var done = new TimeSpan[count];
            var reads = Enumerable.Range(0, count).Select(part => Task.Run(() =>
            {
                var openings = new List<Opening>((int)Math.Min(rowsEstimate / count + 1024, 1 << 24));
                var cards = new List<OpeningCard>(openings.Capacity);
                var reader = new OpeningsReader(space, openings, cards);
                for (var range = Interlocked.Increment(ref next); range < ranges; range = Interlocked.Increment(ref next))
                {
                    var from = blocks * range / ranges;
                    var to = blocks * (range + 1) / ranges;
                    // The first and last ranges are open-ended, so rows outside the blocks counted above are read too.
                    var where = (range > 0 ? $" and v.ctid >= '({from},0)'::tid" : "") + (range < ranges - 1 ? $" and v.ctid < '({to},0)'::tid" : "");
                    reader.Read(connections[part], string.Format(System.Globalization.CultureInfo.InvariantCulture, OpeningsCopy, where), ct);
                }

                done[part] = clock.Elapsed;
                return (openings, cards);
            }, ct)).ToArray();
            var results = await Task.WhenAll(reads);
            foreach (var transaction in transactions)
            {
                await transaction.CommitAsync(ct);
            }

            var all = new List<Opening>(results.Sum(r => r.openings.Count));
            var allCards = new List<OpeningCard>(all.Capacity);
            foreach (var (partOpenings, partCards) in results)
            {
                all.AddRange(partOpenings);
                allCards.AddRange(partCards);
            }

            logger?.LogInformation("Openings streamed on {Parts} connections in {Ranges} ranges of blocks, done after {Done} s", count, ranges,
                string.Join(", ", done.Select(d => d.TotalSeconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture))));
            return (all, allCards);
        }
        finally
        {
            foreach (var transaction in transactions)
            {
                await transaction.DisposeAsync();
            }

            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Reads openings straight from COPY's binary format: typed reads cost a lookup per field, and each text field a
    /// new string that is mostly a repeat (employer names, titles, postcodes). Text is decoded into a reused buffer and
    /// looked up there, so only a string not seen before is allocated. One reader per thread, over several COPYs.
    /// </summary>
    sealed class OpeningsReader(SkillSpace space, List<Opening> openings, List<OpeningCard> cards)
    {
        const int Fields = 12;
        readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
        readonly Dictionary<string, short> _postcodes = new(StringComparer.Ordinal);
        readonly Dictionary<string, byte> _educations = new(StringComparer.Ordinal);
        char[] _chars = new char[256];

        public void Read(NpgsqlConnection connection, string copyCommand, CancellationToken ct)
        {
            using var stream = connection.BeginRawBinaryCopy(copyCommand);
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

                if ((openings.Count & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }

                var id = copy.ReadGuid();
                var kind = Text(copy);
                var title = Text(copy);
                var employerId = copy.ReadGuid();
                var employerName = Text(copy);
                var educationText = Text(copy);
                if (!_educations.TryGetValue(educationText, out var education))
                {
                    _educations[educationText] = education = EducationScale.Of(educationText);
                }

                var postcodeText = Text(copy);
                if (!_postcodes.TryGetValue(postcodeText, out var postcode))
                {
                    _postcodes[postcodeText] = postcode = short.Parse(postcodeText, System.Globalization.CultureInfo.InvariantCulture);
                }

                var hours = (byte)copy.ReadInt32Field();
                var occupation = copy.NextIsNull() ? -1 : space.Occupation(copy.ReadGuid()) ?? -1;
                // A binary date is the number of days since 2000-01-01, which is exactly what Days counts.
                var startsOn = copy.NextIsNull() ? 0 : copy.ReadInt32Field();
                var closesOn = copy.NextIsNull() ? 0 : copy.ReadInt32Field();
                var (skills, levels, essential) = SkillSet(copy.ReadField(), space);
                openings.Add(new Opening(id, kind == "internship", skills, levels, essential, education, postcode, hours, occupation, startsOn) { ClosesOn = closesOn });
                cards.Add(new OpeningCard(id, kind, title, employerId, employerName, postcodeText));
            }
        }

        string Text(CopyBuffer copy)
        {
            var bytes = copy.ReadField();
            if (_chars.Length < bytes.Length)
            {
                // UTF-8 never has more characters than bytes.
                _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
            }

            var text = _chars.AsSpan(0, System.Text.Encoding.UTF8.GetChars(bytes, _chars));
            if (_strings.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var value))
            {
                return value;
            }

            value = new string(text);
            _strings[value] = value;
            return value;
        }
    }

    /// <summary>Unpacks a <c>vacancy.skill_set</c> into dense skill indexes, sorted, dropping skills the space does not know, as <see cref="Align"/> does.</summary>
    static (int[] Skills, byte[] Levels, bool[] Essential) SkillSet(ReadOnlySpan<byte> packed, SkillSpace space)
    {
        if (packed.Length % SkillSetEntry != 0)
        {
            throw new InvalidDataException($"A skill set of {packed.Length} bytes is not a whole number of {SkillSetEntry}-byte entries.");
        }

        var count = packed.Length / SkillSetEntry;
        var skills = new int[count];
        var levels = new byte[count];
        var essential = new bool[count];
        var kept = 0;
        for (var at = 0; at < packed.Length; at += SkillSetEntry)
        {
            if (space.Skill(new Guid(packed.Slice(at, 16), bigEndian: true)) is int skill)
            {
                skills[kept] = skill;
                levels[kept] = packed[at + 16];
                essential[kept] = packed[at + 17] != 0;
                kept++;
            }
        }

        if (kept < count)
        {
            Array.Resize(ref skills, kept);
            Array.Resize(ref levels, kept);
            Array.Resize(ref essential, kept);
        }

        // PostgreSQL packs in skill_id order, the order the dense indexes follow, so this usually only confirms it.
        SortBySkill(skills, levels, essential);
        return (skills, levels, essential);
    }

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
