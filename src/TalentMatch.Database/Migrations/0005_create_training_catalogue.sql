-- Modular training that closes skill gaps: MBO certificates, short courses, workshops, e-learning.
create table training_module (
    training_module_id uuid primary key,
    code text not null,
    title_nl text not null,
    title_en text not null,
    provider text not null,
    kind text not null,
    duration_hours integer not null,
    constraint training_module_code_unique unique (code),
    constraint training_module_kind_known check (kind in ('mbo-certificate', 'short-course', 'workshop', 'e-learning')),
    constraint training_module_duration_range check (duration_hours between 1 and 2000)
);

create table training_module_skill (
    training_module_id uuid not null,
    skill_id uuid not null,
    constraint training_module_skill_pk primary key (training_module_id, skill_id),
    constraint training_module_skill_module_fk foreign key (training_module_id) references training_module (training_module_id) on delete cascade,
    constraint training_module_skill_skill_fk foreign key (skill_id) references skill (skill_id) on delete cascade
);
create index training_module_skill_by_skill on training_module_skill (skill_id);
