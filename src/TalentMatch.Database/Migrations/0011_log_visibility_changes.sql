-- Who may see a profile is the person's own decision, so every change of it is recorded: when, from what to what,
-- and by which account. A trigger records it whichever command made the change; the command names the account
-- in the transaction setting talentmatch.account_id. The rows go with the profile when it is erased.

create table profile_visibility_change (
    profile_visibility_change_id bigint generated always as identity primary key,
    profile_id uuid not null,
    changed_by_account_id uuid null,
    from_visibility text null,
    to_visibility text not null,
    changed_at timestamptz not null default now(),
    constraint profile_visibility_change_profile_fk foreign key (profile_id) references profile (profile_id) on delete cascade
);
create index profile_visibility_change_by_profile on profile_visibility_change (profile_id, changed_at);

create function log_profile_visibility() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' or new.visibility is distinct from old.visibility then
        insert into profile_visibility_change (profile_id, changed_by_account_id, from_visibility, to_visibility)
        values (new.profile_id, nullif(current_setting('talentmatch.account_id', true), '')::uuid,
                case when tg_op = 'UPDATE' then old.visibility end, new.visibility);
    end if;
    return null;
end $$;

create trigger profile_visibility_logged after insert or update of visibility on profile
    for each row execute function log_profile_visibility();
