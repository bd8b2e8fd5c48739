using Dapper;
using Npgsql;
using TalentMatch.Matching.Text;

namespace TalentMatch.Web.Features.Taxonomy;

/// <summary>
/// The label search shared by skills and occupations. pg_trgm's GIN index answers three kinds of hit in
/// one scan: the whole label, a word in the label starting with the query (prefix), and a word similar to
/// the query (typos, via word similarity). Labels were normalised like the query, so accents never matter.
/// Score: exact 3, label prefix 2, word prefix 1.5, plus word similarity, a little for the asked language
/// and for preferred labels; each concept keeps its best label.
/// Similar-word matching is the expensive part for long queries (many trigrams, many candidate rows), and
/// its hits always score below whole-label and prefix hits. So the search first asks only for those, and
/// adds similar words only when that leaves fewer than the requested number: the same top results, cheaper.
/// Statistics matter here: without them the planner scans the whole table, so imports end with ANALYZE.
/// </summary>
public static class LabelSearch
{
    public static string BestLabelsSql(string labelTable, string idColumn, bool similarWords) => $"""
        select distinct on ({idColumn}) {idColumn} as concept_id, label as matched_label, score
        from (
            select l.{idColumn}, l.label,
                   (case when l.search_text = @q then 3.0
                        when l.search_text like @q || '%' then 2.0
                        when l.search_text like '% ' || @q || '%' then 1.5
                        else 0.0 end
                   + word_similarity(@q, l.search_text)
                   + case when l.lang = @lang then 0.25 else 0.0 end
                   + case l.kind when 'preferred' then 0.2 when 'alternative' then 0.1 else 0.0 end
                   - least(char_length(l.search_text), 120) / 1200.0)::float8 as score
            from {labelTable} l
            where {(similarWords
                ? "@q <% l.search_text"
                : "l.search_text like '%' || @word || '%' and (l.search_text like @q || '%' or l.search_text like '% ' || @q || '%')")}
        ) hits
        order by {idColumn}, score desc
        """;

    /// <summary>
    /// Runs the whole-label and prefix query, then, when that did not fill <paramref name="take"/>, the similar-word
    /// query, appending concepts not found yet. Each runs as one simple indexable condition: an OR of the two
    /// makes the planner fall back to scanning every label.
    /// </summary>
    public static async Task<List<T>> RunAsync<T>(NpgsqlConnection connection, (string PrefixOnly, string Similar) sql, string query, string lang, int take, Func<T, Guid> id, CancellationToken ct)
    {
        var q = SearchText.Normalise(query);
        // The trigram index answers a LIKE on one word far faster than on a long phrase, whose common trigrams
        // ("man", "age") match much of the table; the longest word is the most selective and implied by the rest.
        var parameters = new { q, lang, take, word = q.Split(' ').MaxBy(w => w.Length) ?? q };
        var hits = (await connection.QueryAsync<T>(new CommandDefinition(sql.PrefixOnly, parameters, cancellationToken: ct))).AsList();
        if (hits.Count >= take)
        {
            return hits;
        }

        var found = hits.Select(id).ToHashSet();
        var similar = await connection.QueryAsync<T>(new CommandDefinition(sql.Similar, parameters, cancellationToken: ct));
        hits.AddRange(similar.Where(h => found.Add(id(h))).Take(take - hits.Count));
        return hits;
    }

    /// <summary>Queries shorter than this (after normalising) would match most of the taxonomy.</summary>
    public const int MinimumQueryLength = 2;
}
