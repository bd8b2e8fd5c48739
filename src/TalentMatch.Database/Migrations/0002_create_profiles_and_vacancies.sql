-- People's skill profiles and the vacancies and internship places employers post, all described in skills.
-- There is deliberately no column for date of birth, age, gender, nationality, photo or citizen service
-- number: what is not stored cannot leak into matching.

create table employer (
    employer_id uuid primary key,
    name text not null,
    sector text null,
    postcode text null,
    city text null,
    created_at timestamptz not null default now(),
    constraint employer_name_length check (char_length(name) between 1 and 200),
    constraint employer_postcode_format check (postcode ~ '^[1-9][0-9]{3}$')
);

create table profile (
    profile_id uuid primary key,
    display_name text null,
    education_level text not null,
    postcode text null,
    hours_per_week integer null,
    available_from date null,
    wanted_sectors text[] not null default '{}',
    visibility text not null default 'private',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint profile_education_level_known check (education_level in ('none', 'vmbo', 'mbo1', 'mbo2', 'mbo3', 'mbo4', 'hbo', 'wo')),
    constraint profile_postcode_format check (postcode ~ '^[1-9][0-9]{3}$'),
    constraint profile_hours_range check (hours_per_week between 1 and 60),
    constraint profile_visibility_known check (visibility in ('private', 'coach', 'employers-anonymous'))
);

create table profile_skill (
    profile_id uuid not null,
    skill_id uuid not null,
    level smallint not null,
    evidence text null,
    constraint profile_skill_pk primary key (profile_id, skill_id),
    constraint profile_skill_profile_fk foreign key (profile_id) references profile (profile_id) on delete cascade,
    constraint profile_skill_skill_fk foreign key (skill_id) references skill (skill_id),
    constraint profile_skill_level_range check (level between 1 and 4),
    constraint profile_skill_evidence_known check (evidence in ('work', 'training', 'volunteering', 'hobby'))
);
create index profile_skill_by_skill on profile_skill (skill_id);

create table profile_wanted_occupation (
    profile_id uuid not null,
    occupation_id uuid not null,
    constraint profile_wanted_occupation_pk primary key (profile_id, occupation_id),
    constraint profile_wanted_occupation_profile_fk foreign key (profile_id) references profile (profile_id) on delete cascade,
    constraint profile_wanted_occupation_occupation_fk foreign key (occupation_id) references occupation (occupation_id)
);

-- One table for vacancies and internship places: matching treats both as skill-described openings;
-- what only internships have lives in internship_place.
create table vacancy (
    vacancy_id uuid primary key,
    kind text not null,
    employer_id uuid not null,
    title text not null,
    description text not null default '',
    occupation_id uuid null,
    education_level text not null,
    postcode text not null,
    hours_per_week integer not null,
    contract_type text null,
    status text not null default 'open',
    closing_date date null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint vacancy_kind_known check (kind in ('job', 'internship')),
    constraint vacancy_employer_fk foreign key (employer_id) references employer (employer_id),
    constraint vacancy_occupation_fk foreign key (occupation_id) references occupation (occupation_id),
    constraint vacancy_education_level_known check (education_level in ('none', 'vmbo', 'mbo1', 'mbo2', 'mbo3', 'mbo4', 'hbo', 'wo')),
    constraint vacancy_postcode_format check (postcode ~ '^[1-9][0-9]{3}$'),
    constraint vacancy_hours_range check (hours_per_week between 1 and 60),
    constraint vacancy_contract_type_known check (contract_type in ('permanent', 'temporary', 'flex', 'apprenticeship')),
    constraint vacancy_job_has_contract_type check (kind <> 'job' or contract_type is not null),
    constraint vacancy_status_known check (status in ('open', 'closed'))
);
create index vacancy_open_by_kind on vacancy (kind) where status = 'open';
create index vacancy_by_employer on vacancy (employer_id);

create table vacancy_skill (
    vacancy_id uuid not null,
    skill_id uuid not null,
    importance text not null,
    min_level smallint not null,
    constraint vacancy_skill_pk primary key (vacancy_id, skill_id),
    constraint vacancy_skill_vacancy_fk foreign key (vacancy_id) references vacancy (vacancy_id) on delete cascade,
    constraint vacancy_skill_skill_fk foreign key (skill_id) references skill (skill_id),
    constraint vacancy_skill_importance_known check (importance in ('essential', 'optional')),
    constraint vacancy_skill_level_range check (min_level between 1 and 4)
);
create index vacancy_skill_by_skill on vacancy_skill (skill_id);

create table internship_place (
    vacancy_id uuid primary key,
    programme_kind text not null,
    programme_code text not null,
    programme_level text not null,
    period_start date not null,
    period_end date not null,
    places integer not null,
    constraint internship_place_vacancy_fk foreign key (vacancy_id) references vacancy (vacancy_id) on delete cascade,
    constraint internship_place_programme_kind_known check (programme_kind in ('crebo', 'field')),
    constraint internship_place_crebo_format check (programme_kind <> 'crebo' or programme_code ~ '^[0-9]{5}$'),
    constraint internship_place_programme_level_known check (programme_level in ('mbo1', 'mbo2', 'mbo3', 'mbo4', 'hbo', 'wo')),
    constraint internship_place_period_order check (period_end > period_start),
    constraint internship_place_places_range check (places between 1 and 100)
);

-- Small facts about this database's own state, e.g. whether the demo data was loaded once.
create table app_state (
    key text primary key,
    value text not null,
    updated_at timestamptz not null default now()
);
