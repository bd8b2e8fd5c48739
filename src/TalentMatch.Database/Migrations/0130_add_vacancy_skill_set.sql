-- Matching loads every open vacancy with its skills at start-up. Streaming the vacancy_skill rows themselves (13 per
-- vacancy, 13 million at national scale) costs PostgreSQL 2.5-3 s of CPU just to produce them, and the app as much
-- again to match them up with their vacancies; the same skills packed into one value per vacancy cost 0.2 s to
-- produce. So vacancy keeps a copy of its skill rows in skill_set, kept in step by the triggers below for every
-- writer (the app, seed loading, bulk COPY, psql), which is what matching reads. vacancy_skill stays the truth.
--
-- skill_set: 18 bytes per skill, in skill_id order: the uuid's 16 bytes (as uuid_send gives them), min_level
-- (one byte) and essential (one byte, 1 or 0). Null when the vacancy has no skill row.

alter table vacancy add column skill_set bytea null;

create function vacancy_skill_set_entry(skill_id uuid, min_level smallint, importance text) returns bytea
    language sql immutable parallel safe
    return uuid_send(skill_id) || set_byte(set_byte('\x0000'::bytea, 0, min_level), 1, case when importance = 'essential' then 1 else 0 end);

create function refresh_vacancy_skill_sets(changed uuid[]) returns void language plpgsql as $$
begin
    -- Lock the vacancies first and read their rows in the next statement: under read committed that statement's
    -- snapshot includes every skill row committed by a writer this lock waited for, so two transactions changing
    -- one vacancy's skills at the same time cannot leave a set that misses the other's rows.
    perform 1 from vacancy v join unnest(changed) c(vacancy_id) on c.vacancy_id = v.vacancy_id
    order by v.vacancy_id for no key update of v;
    update vacancy v
    set skill_set = (select string_agg(vacancy_skill_set_entry(s.skill_id, s.min_level, s.importance), ''::bytea order by s.skill_id)
                     from vacancy_skill s where s.vacancy_id = v.vacancy_id)
    from (select distinct vacancy_id from unnest(changed) c(vacancy_id)) c
    where v.vacancy_id = c.vacancy_id;
end $$;

-- One call per statement, not per row: a vacancy saved with 15 skills is packed once, and a bulk COPY once per vacancy.
create function refresh_vacancy_skill_set() returns trigger language plpgsql as $$
begin
    -- Each branch names only the transition tables its event has.
    if tg_op = 'INSERT' then
        perform refresh_vacancy_skill_sets(array(select vacancy_id from added_skill_rows));
    elsif tg_op = 'DELETE' then
        perform refresh_vacancy_skill_sets(array(select vacancy_id from removed_skill_rows));
    else
        perform refresh_vacancy_skill_sets(array(select vacancy_id from added_skill_rows union all select vacancy_id from removed_skill_rows));
    end if;
    return null;
end $$;

create trigger vacancy_skill_set_on_insert after insert on vacancy_skill
    referencing new table as added_skill_rows for each statement execute function refresh_vacancy_skill_set();
create trigger vacancy_skill_set_on_update after update on vacancy_skill
    referencing new table as added_skill_rows old table as removed_skill_rows for each statement execute function refresh_vacancy_skill_set();
create trigger vacancy_skill_set_on_delete after delete on vacancy_skill
    referencing old table as removed_skill_rows for each statement execute function refresh_vacancy_skill_set();

create function clear_vacancy_skill_sets() returns trigger language plpgsql as $$
begin
    update vacancy set skill_set = null where skill_set is not null;
    return null;
end $$;

-- TRUNCATE fires no delete trigger.
create trigger vacancy_skill_set_on_truncate after truncate on vacancy_skill
    for each statement execute function clear_vacancy_skill_sets();

update vacancy v
set skill_set = s.skill_set
from (select vacancy_id, string_agg(vacancy_skill_set_entry(skill_id, min_level, importance), ''::bytea order by skill_id) as skill_set
      from vacancy_skill group by vacancy_id) s
where s.vacancy_id = v.vacancy_id;
