namespace TalentMatch.Web.Features.Taxonomy;

/// <summary>
/// The label search shared by skills and occupations. pg_trgm's GIN index answers three kinds of hit in
/// one scan: the whole label, a word in the label starting with the query (prefix), and a word similar to
/// the query (typos, via word similarity). Labels were normalised like the query, so accents never matter.
/// Score: exact 3, label prefix 2, word prefix 1.5, plus word similarity, a little for the asked language
/// and for preferred labels; each concept keeps its best label.
/// </summary>
static class LabelSearch
{
    public static string BestLabelsSql(string labelTable, string idColumn) => $"""
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
            where l.search_text like @q || '%'
               or l.search_text like '% ' || @q || '%'
               or @q <% l.search_text
        ) hits
        order by {idColumn}, score desc
        """;

    /// <summary>Queries shorter than this (after normalising) would match most of the taxonomy.</summary>
    public const int MinimumQueryLength = 2;
}
