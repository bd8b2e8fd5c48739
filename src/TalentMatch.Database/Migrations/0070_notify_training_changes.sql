-- Matching holds the training catalogue in memory; these triggers tell every running app when it changed, on the
-- same channel as profile and vacancy changes, so a changed catalogue is read again before the next match list.
create function notify_training_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('talentmatch_changes', 'training:' || coalesce(new.training_module_id, old.training_module_id)::text);
    return null;
end $$;

create trigger training_module_changed after insert or update or delete on training_module
    for each row execute function notify_training_change();
create trigger training_module_skill_changed after insert or update or delete on training_module_skill
    for each row execute function notify_training_change();
