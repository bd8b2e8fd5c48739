-- A coach's shortlist for a vacancy: people who allow coaches, in the coach's own order, with notes. From there
-- the coach proposes an introduction, the person accepts or declines, and the outcome is recorded. Every status
-- change is kept with the account of the person who made it; nothing changes status on its own.

create table shortlist_entry (
    shortlist_entry_id uuid primary key,
    vacancy_id uuid not null,
    profile_id uuid not null,
    coach_account_id uuid null,
    position integer not null,
    note text null,
    status text not null default 'shortlisted',
    rejection_reason text null,
    keep_until date null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint shortlist_entry_one_per_person unique (vacancy_id, profile_id),
    constraint shortlist_entry_vacancy_fk foreign key (vacancy_id) references vacancy (vacancy_id) on delete cascade,
    constraint shortlist_entry_profile_fk foreign key (profile_id) references profile (profile_id) on delete cascade,
    constraint shortlist_entry_coach_fk foreign key (coach_account_id) references account (account_id) on delete set null,
    constraint shortlist_entry_status_known check (status in ('shortlisted', 'proposed', 'accepted', 'declined', 'interview', 'hired', 'rejected')),
    constraint shortlist_entry_rejection_has_reason check (status <> 'rejected' or rejection_reason is not null),
    constraint shortlist_entry_note_length check (char_length(note) <= 2000)
);
create index shortlist_entry_by_profile on shortlist_entry (profile_id);

create table shortlist_status_change (
    shortlist_status_change_id bigint generated always as identity primary key,
    shortlist_entry_id uuid not null,
    from_status text null,
    to_status text not null,
    reason text null,
    changed_by_account_id uuid null,
    changed_by_role text not null,
    changed_at timestamptz not null default now(),
    constraint shortlist_status_change_entry_fk foreign key (shortlist_entry_id) references shortlist_entry (shortlist_entry_id) on delete cascade,
    constraint shortlist_status_change_account_fk foreign key (changed_by_account_id) references account (account_id) on delete set null
);
create index shortlist_status_change_by_entry on shortlist_status_change (shortlist_entry_id, changed_at);
