-- The Stagepact: partners pledge internship places for an academic year, places honour pledges, students ask
-- for a place, and placements follow a student from proposal to a completed internship. Every step is kept
-- so the pact can see whether pledges became real places.

create table pact (
    pact_id uuid primary key,
    name text not null,
    region text not null,
    academic_year text not null,
    target_places integer not null,
    created_at timestamptz not null default now(),
    constraint pact_name_length check (char_length(name) between 1 and 200),
    constraint pact_academic_year_format check (academic_year ~ '^[0-9]{4}-[0-9]{4}$'),
    constraint pact_target_places_range check (target_places between 1 and 100000)
);

create table pact_partner (
    partner_id uuid primary key,
    pact_id uuid not null,
    name text not null,
    kind text not null,
    employer_id uuid null,
    created_at timestamptz not null default now(),
    constraint pact_partner_pact_fk foreign key (pact_id) references pact (pact_id) on delete cascade,
    constraint pact_partner_employer_fk foreign key (employer_id) references employer (employer_id),
    constraint pact_partner_kind_known check (kind in ('employer', 'school', 'municipality', 'government', 'other'))
);
create index pact_partner_by_pact on pact_partner (pact_id);

create table pledge (
    pledge_id uuid primary key,
    pact_id uuid not null,
    partner_id uuid not null,
    sector text not null,
    education_level text not null,
    programme text not null,
    places integer not null,
    period_start date not null,
    period_end date not null,
    pledged_on date not null default current_date,
    created_at timestamptz not null default now(),
    constraint pledge_pact_fk foreign key (pact_id) references pact (pact_id) on delete cascade,
    constraint pledge_partner_fk foreign key (partner_id) references pact_partner (partner_id) on delete cascade,
    constraint pledge_education_level_known check (education_level in ('mbo2', 'mbo3', 'mbo4', 'hbo', 'wo')),
    constraint pledge_places_range check (places between 1 and 1000),
    constraint pledge_period_order check (period_end > period_start)
);
create index pledge_by_pact on pledge (pact_id);

-- An internship place honours at most one pledge; its places count towards what the pledge promised.
create table pledge_place (
    vacancy_id uuid primary key,
    pledge_id uuid not null,
    linked_at timestamptz not null default now(),
    constraint pledge_place_place_fk foreign key (vacancy_id) references internship_place (vacancy_id) on delete cascade,
    constraint pledge_place_pledge_fk foreign key (pledge_id) references pledge (pledge_id) on delete cascade
);
create index pledge_place_by_pledge on pledge_place (pledge_id);

create table student_request (
    request_id uuid primary key,
    pact_id uuid not null,
    reference text not null,
    sector text not null,
    education_level text not null,
    programme text not null,
    period_start date not null,
    period_end date not null,
    postcode text not null,
    created_at timestamptz not null default now(),
    constraint student_request_pact_fk foreign key (pact_id) references pact (pact_id) on delete cascade,
    constraint student_request_reference_unique unique (pact_id, reference),
    constraint student_request_education_level_known check (education_level in ('mbo2', 'mbo3', 'mbo4', 'hbo', 'wo')),
    constraint student_request_period_order check (period_end > period_start),
    constraint student_request_postcode_format check (postcode ~ '^[1-9][0-9]{3}$')
);
create index student_request_by_pact on student_request (pact_id);

create table student_request_skill (
    request_id uuid not null,
    skill_id uuid not null,
    level smallint not null,
    constraint student_request_skill_pk primary key (request_id, skill_id),
    constraint student_request_skill_request_fk foreign key (request_id) references student_request (request_id) on delete cascade,
    constraint student_request_skill_skill_fk foreign key (skill_id) references skill (skill_id),
    constraint student_request_skill_level_range check (level between 1 and 4)
);

-- Rankings for the stable mode: students rank places, hosts rank students; rank 1 is best.
create table student_preference (
    request_id uuid not null,
    vacancy_id uuid not null,
    rank integer not null,
    constraint student_preference_pk primary key (request_id, vacancy_id),
    constraint student_preference_request_fk foreign key (request_id) references student_request (request_id) on delete cascade,
    constraint student_preference_place_fk foreign key (vacancy_id) references internship_place (vacancy_id) on delete cascade,
    constraint student_preference_rank_unique unique (request_id, rank)
);

create table host_preference (
    vacancy_id uuid not null,
    request_id uuid not null,
    rank integer not null,
    constraint host_preference_pk primary key (vacancy_id, request_id),
    constraint host_preference_place_fk foreign key (vacancy_id) references internship_place (vacancy_id) on delete cascade,
    constraint host_preference_request_fk foreign key (request_id) references student_request (request_id) on delete cascade,
    constraint host_preference_rank_unique unique (vacancy_id, rank)
);

create table allocation_run (
    run_id uuid primary key,
    pact_id uuid not null,
    mode text not null,
    placed integer not null,
    unplaced integer not null,
    total_quality double precision not null,
    optimal boolean not null,
    gap double precision null,
    elapsed_ms integer not null,
    created_at timestamptz not null default now(),
    constraint allocation_run_pact_fk foreign key (pact_id) references pact (pact_id) on delete cascade,
    constraint allocation_run_mode_known check (mode in ('optimal', 'stable'))
);

create table allocation_unplaced (
    run_id uuid not null,
    request_id uuid not null,
    reason text not null,
    constraint allocation_unplaced_pk primary key (run_id, request_id),
    constraint allocation_unplaced_run_fk foreign key (run_id) references allocation_run (run_id) on delete cascade,
    constraint allocation_unplaced_request_fk foreign key (request_id) references student_request (request_id) on delete cascade,
    constraint allocation_unplaced_reason_known check (reason in ('no-place-at-level', 'period-clash', 'no-skills-fit', 'capacity-taken'))
);

create table placement (
    placement_id uuid primary key,
    pact_id uuid not null,
    request_id uuid not null,
    vacancy_id uuid not null,
    status text not null,
    quality double precision null,
    run_id uuid null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint placement_pact_fk foreign key (pact_id) references pact (pact_id) on delete cascade,
    constraint placement_request_fk foreign key (request_id) references student_request (request_id) on delete cascade,
    constraint placement_place_fk foreign key (vacancy_id) references internship_place (vacancy_id) on delete cascade,
    constraint placement_run_fk foreign key (run_id) references allocation_run (run_id) on delete set null,
    constraint placement_status_known check (status in ('proposed', 'accepted', 'started', 'completed', 'cancelled'))
);
create index placement_by_pact on placement (pact_id);
create index placement_by_place on placement (vacancy_id);
-- A student holds at most one live placement; cancelled ones stay as history.
create unique index placement_one_live_per_request on placement (request_id) where status <> 'cancelled';

create table placement_status_change (
    placement_id uuid not null,
    status text not null,
    note text null,
    changed_at timestamptz not null default clock_timestamp(),
    constraint placement_status_change_placement_fk foreign key (placement_id) references placement (placement_id) on delete cascade,
    constraint placement_status_change_status_known check (status in ('proposed', 'accepted', 'started', 'completed', 'cancelled'))
);
create index placement_status_change_by_placement on placement_status_change (placement_id, changed_at);
