-- The EU AI Act treats ranking people for work as high-risk: every ranked list shown to a coach or an employer
-- is kept, append-only: who saw it (role, organisation, and a pseudonym of the account), when, for which vacancy
-- or profile, the model version, and each id shown with its rank, score and explanation.
--
-- People in the log are pseudonyms, not profile or account ids. Erasing a person deletes their pseudonym row,
-- after which the log still proves what was shown but no longer says to or about whom (GDPR erasure without
-- rewriting an append-only log).

create table pseudonym (
    pseudonym_id uuid primary key,
    profile_id uuid null,
    account_id uuid null,
    constraint pseudonym_profile_unique unique (profile_id),
    constraint pseudonym_account_unique unique (account_id),
    constraint pseudonym_profile_fk foreign key (profile_id) references profile (profile_id) on delete cascade,
    constraint pseudonym_account_fk foreign key (account_id) references account (account_id) on delete cascade,
    constraint pseudonym_names_one check ((profile_id is null) <> (account_id is null))
);

create table ranking_log (
    ranking_log_id bigint generated always as identity primary key,
    shown_at timestamptz not null default now(),
    shown_to_pseudonym_id uuid null,
    shown_to_role text not null,
    shown_to_employer_id uuid null,
    list_kind text not null,
    vacancy_id uuid null,
    profile_pseudonym_id uuid null,
    model_version text not null,
    item_count integer not null,
    constraint ranking_log_list_kind_known check (list_kind in ('candidates', 'talent-pool', 'matches'))
);
create index ranking_log_by_vacancy on ranking_log (vacancy_id, shown_at) where vacancy_id is not null;

-- subject_id is a vacancy id, or a person's pseudonym when people were ranked.
create table ranking_log_item (
    ranking_log_id bigint not null,
    rank integer not null,
    subject_id uuid not null,
    score real not null,
    explanation jsonb not null,
    constraint ranking_log_item_pk primary key (ranking_log_id, rank),
    constraint ranking_log_item_log_fk foreign key (ranking_log_id) references ranking_log (ranking_log_id)
);
create index ranking_log_item_by_subject on ranking_log_item (subject_id);

-- The application works as its own role, which may read and write everything except change or remove the log.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'talentmatch_app') then
        create role talentmatch_app nologin;
    end if;
exception when duplicate_object then
    null;
end $$;

grant usage on schema public to talentmatch_app;
grant select, insert, update, delete on all tables in schema public to talentmatch_app;
grant usage, select on all sequences in schema public to talentmatch_app;
alter default privileges in schema public grant select, insert, update, delete on tables to talentmatch_app;
alter default privileges in schema public grant usage, select on sequences to talentmatch_app;
revoke update, delete, truncate on ranking_log, ranking_log_item from talentmatch_app;
grant talentmatch_app to current_user;
