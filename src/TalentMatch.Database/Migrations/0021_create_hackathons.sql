-- Hackathons and the Open Innovatie Lab: company challenges, registered participants with skills and ranked
-- preferences, organisers' locks, and every team formation run with its teams and explanations.

create table hackathon_event (
    event_id uuid primary key,
    name text not null,
    kind text not null,
    starts_on date not null,
    ends_on date not null,
    place text not null,
    minimum_participants integer not null,
    created_at timestamptz not null default now(),
    constraint hackathon_event_name_length check (char_length(name) between 1 and 200),
    constraint hackathon_event_kind_known check (kind in ('hackathon', 'lab')),
    constraint hackathon_event_period_order check (ends_on >= starts_on),
    constraint hackathon_event_minimum_range check (minimum_participants between 0 and 10000)
);

create table challenge (
    challenge_id uuid primary key,
    event_id uuid not null,
    company text not null,
    question text not null,
    min_team_size integer not null,
    max_team_size integer not null,
    min_students integer not null default 0,
    min_non_students integer not null default 0,
    -- Lab mode: the broker's assignment for a student-only team from these programmes, over these weeks.
    assignment text null,
    allowed_programmes text[] null,
    duration_weeks integer null,
    source_challenge_id uuid null,
    created_at timestamptz not null default now(),
    constraint challenge_event_fk foreign key (event_id) references hackathon_event (event_id) on delete cascade,
    constraint challenge_source_fk foreign key (source_challenge_id) references challenge (challenge_id) on delete set null,
    constraint challenge_team_size_order check (min_team_size between 1 and max_team_size and max_team_size <= 50),
    constraint challenge_mix_fits check (min_students >= 0 and min_non_students >= 0 and min_students + min_non_students <= max_team_size),
    constraint challenge_duration_range check (duration_weeks is null or duration_weeks between 1 and 52)
);
create index challenge_by_event on challenge (event_id);

create table challenge_skill (
    challenge_id uuid not null,
    skill_id uuid not null,
    weight double precision not null,
    constraint challenge_skill_pk primary key (challenge_id, skill_id),
    constraint challenge_skill_challenge_fk foreign key (challenge_id) references challenge (challenge_id) on delete cascade,
    constraint challenge_skill_skill_fk foreign key (skill_id) references skill (skill_id),
    constraint challenge_skill_weight_range check (weight > 0 and weight <= 10)
);

create table event_participant (
    participant_id uuid primary key,
    event_id uuid not null,
    name text not null,
    kind text not null,
    organisation text null,
    programme text null,
    created_at timestamptz not null default now(),
    constraint event_participant_event_fk foreign key (event_id) references hackathon_event (event_id) on delete cascade,
    constraint event_participant_kind_known check (kind in ('student', 'company-staff', 'knowledge-institution', 'government'))
);
create index event_participant_by_event on event_participant (event_id);

create table participant_skill (
    participant_id uuid not null,
    skill_id uuid not null,
    constraint participant_skill_pk primary key (participant_id, skill_id),
    constraint participant_skill_participant_fk foreign key (participant_id) references event_participant (participant_id) on delete cascade,
    constraint participant_skill_skill_fk foreign key (skill_id) references skill (skill_id)
);

create table participant_preference (
    participant_id uuid not null,
    challenge_id uuid not null,
    rank integer not null,
    constraint participant_preference_pk primary key (participant_id, challenge_id),
    constraint participant_preference_participant_fk foreign key (participant_id) references event_participant (participant_id) on delete cascade,
    constraint participant_preference_challenge_fk foreign key (challenge_id) references challenge (challenge_id) on delete cascade,
    constraint participant_preference_rank_unique unique (participant_id, rank)
);

-- An organiser's decision that a person is in a challenge's team; kept by every later run.
create table team_lock (
    participant_id uuid primary key,
    challenge_id uuid not null,
    constraint team_lock_participant_fk foreign key (participant_id) references event_participant (participant_id) on delete cascade,
    constraint team_lock_challenge_fk foreign key (challenge_id) references challenge (challenge_id) on delete cascade
);

create table team_run (
    run_id uuid primary key,
    event_id uuid not null,
    optimal boolean not null,
    gap double precision null,
    coverage double precision not null,
    preference_satisfaction double precision not null,
    elapsed_ms integer not null,
    warning text null,
    created_at timestamptz not null default clock_timestamp(),
    constraint team_run_event_fk foreign key (event_id) references hackathon_event (event_id) on delete cascade
);
create index team_run_by_event on team_run (event_id, created_at);

create table team (
    run_id uuid not null,
    challenge_id uuid not null,
    staffed boolean not null,
    coverage double precision not null,
    uncovered_skills text[] not null,
    explanation text not null,
    constraint team_pk primary key (run_id, challenge_id),
    constraint team_run_fk foreign key (run_id) references team_run (run_id) on delete cascade,
    constraint team_challenge_fk foreign key (challenge_id) references challenge (challenge_id) on delete cascade
);

create table team_member (
    run_id uuid not null,
    challenge_id uuid not null,
    participant_id uuid not null,
    brings_skills text[] not null,
    preference_rank integer null,
    locked boolean not null,
    constraint team_member_pk primary key (run_id, participant_id),
    constraint team_member_team_fk foreign key (run_id, challenge_id) references team (run_id, challenge_id) on delete cascade,
    constraint team_member_participant_fk foreign key (participant_id) references event_participant (participant_id) on delete cascade
);
