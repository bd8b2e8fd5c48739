-- 0130 handed refresh_vacancy_skill_sets an array of every changed row's vacancy id, locked the vacancies through
-- an unnest of it and packed each one with a subquery of its own. For one saved vacancy that is cheap; for a bulk
-- COPY of 13 million skill rows it is a 13-million-element array and a million separate lookups, which made the
-- load minutes slower. A statement that changes more than a thousand skill rows now works straight from the
-- transition tables: one statement locks the distinct vacancies, and one grouped aggregation joined to vacancy
-- packs them all. Smaller statements, such as a vacancy save, keep the array path, which was measured cheaper for
-- them (ADR 8).
--
-- The set-based statements run by EXECUTE so that each is planned for the rows this statement changed: a plan
-- cached on the connection would otherwise be reused whatever the size. Planning them is what makes this path
-- dearer than the array path for a single save. The changed vacancies are taken in vacancy order so that the
-- primary key of vacancy_skill hands the aggregation its rows already grouped: without that order it sorted every
-- changed skill row, on disk for a 100k-vacancy load. The sorts that remain (the vacancy ids) stay in memory at the
-- work_mem this path sets for its own statements.
-- No named dollar quotes below: the migration runner would take the name between the dollars for a variable.

create or replace function refresh_vacancy_skill_set() returns trigger language plpgsql as $$
declare
    -- Each event has only the transition tables it names.
    changed text := case tg_op
        when 'INSERT' then 'select vacancy_id from added_skill_rows'
        when 'DELETE' then 'select vacancy_id from removed_skill_rows'
        else 'select vacancy_id from added_skill_rows union all select vacancy_id from removed_skill_rows' end;
    -- At most one id past the limit is read, so a bulk statement is recognised without reading all its rows.
    first_ids uuid[];
    caller_work_mem text;
begin
    if tg_op = 'INSERT' then
        first_ids := array(select vacancy_id from added_skill_rows limit 1001);
    elsif tg_op = 'DELETE' then
        first_ids := array(select vacancy_id from removed_skill_rows limit 1001);
    else
        first_ids := array(select vacancy_id from added_skill_rows union all select vacancy_id from removed_skill_rows limit 1001);
    end if;

    if cardinality(first_ids) <= 1000 then
        perform refresh_vacancy_skill_sets(first_ids);
        return null;
    end if;

    caller_work_mem := current_setting('work_mem');
    perform set_config('work_mem', '64MB', true);
    -- Lock the vacancies first and read their rows in the next statement: under read committed that statement's
    -- snapshot includes every skill row committed by a writer this lock waited for, so two transactions changing
    -- one vacancy's skills at the same time cannot leave a set that misses the other's rows. The locks are taken
    -- in vacancy order, as in refresh_vacancy_skill_sets, so two writers cannot deadlock on them.
    execute format('select 1 from vacancy v where v.vacancy_id in (%s) order by v.vacancy_id for no key update of v', changed);
    -- The left join gives a vacancy whose skill rows were all deleted a null set.
    execute format('
        update vacancy v
        set skill_set = packed.skill_set
        from (select c.vacancy_id,
                     string_agg(vacancy_skill_set_entry(s.skill_id, s.min_level, s.importance), ''''::bytea order by s.skill_id) as skill_set
              from (select distinct vacancy_id from (%s) changed order by vacancy_id) c
              left join vacancy_skill s on s.vacancy_id = c.vacancy_id
              group by c.vacancy_id) packed
        where v.vacancy_id = packed.vacancy_id', changed);
    perform set_config('work_mem', caller_work_mem, true);
    return null;
end $$;
