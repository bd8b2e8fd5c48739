-- Matching keeps in-process indexes of open vacancies and matchable profiles. These triggers tell every
-- running app which item changed (delivered at commit; repeats within a transaction are folded), so a
-- saved or changed profile or vacancy is visible to matching within a second, whoever wrote it.

create function notify_vacancy_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('talentmatch_changes', 'vacancy:' || coalesce(new.vacancy_id, old.vacancy_id)::text);
    return null;
end $$;

create function notify_profile_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('talentmatch_changes', 'profile:' || coalesce(new.profile_id, old.profile_id)::text);
    return null;
end $$;

create trigger vacancy_changed after insert or update or delete on vacancy
    for each row execute function notify_vacancy_change();
create trigger vacancy_skill_changed after insert or update or delete on vacancy_skill
    for each row execute function notify_vacancy_change();
create trigger internship_place_changed after insert or update or delete on internship_place
    for each row execute function notify_vacancy_change();
create trigger profile_changed after insert or update or delete on profile
    for each row execute function notify_profile_change();
create trigger profile_skill_changed after insert or update or delete on profile_skill
    for each row execute function notify_profile_change();
create trigger profile_wanted_occupation_changed after insert or update or delete on profile_wanted_occupation
    for each row execute function notify_profile_change();
