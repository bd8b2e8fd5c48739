-- The skills model everything else rests on: skills, skill groups, occupations and the links between them.
-- Keys are UUIDv5 of the concept's ESCO URI (or of our own code), so the seed taxonomy and an ESCO import
-- name the same concept with the same id and re-imports are idempotent.
create extension if not exists pg_trgm;

create table skill_group (
    skill_group_id uuid primary key,
    uri text not null,
    code text null,
    label_en text not null,
    label_nl text null,
    constraint skill_group_uri_unique unique (uri)
);

create table skill (
    skill_id uuid primary key,
    esco_uri text null,
    code text null,
    -- ESCO leaves the type empty for a handful of skills; unknown stays unknown rather than guessed.
    skill_type text null,
    reuse_level text null,
    label_en text not null,
    label_nl text null,
    description_en text null,
    description_nl text null,
    constraint skill_esco_uri_unique unique (esco_uri),
    constraint skill_code_unique unique (code),
    constraint skill_type_known check (skill_type in ('skill', 'knowledge')),
    constraint skill_reuse_level_known check (reuse_level in ('transversal', 'cross-sector', 'sector-specific', 'occupation-specific'))
);

-- Every label a person may type, in either language; search_text is the label lower-cased without accents
-- and punctuation (computed in the application so query and index are normalised the same way).
create table skill_label (
    skill_id uuid not null,
    lang text not null,
    label text not null,
    kind text not null,
    source text not null,
    search_text text not null,
    constraint skill_label_pk primary key (skill_id, lang, label),
    constraint skill_label_skill_fk foreign key (skill_id) references skill (skill_id) on delete cascade,
    constraint skill_label_lang_known check (lang in ('en', 'nl')),
    constraint skill_label_kind_known check (kind in ('preferred', 'alternative', 'hidden')),
    constraint skill_label_source_known check (source in ('seed', 'esco'))
);
create index skill_label_search_trgm on skill_label using gin (search_text gin_trgm_ops);

-- ESCO's hierarchy: groups under groups, skills in groups, and skills under broader skills.
create table skill_group_broader (
    skill_group_id uuid not null,
    broader_group_id uuid not null,
    constraint skill_group_broader_pk primary key (skill_group_id, broader_group_id),
    constraint skill_group_broader_narrower_fk foreign key (skill_group_id) references skill_group (skill_group_id) on delete cascade,
    constraint skill_group_broader_broader_fk foreign key (broader_group_id) references skill_group (skill_group_id) on delete cascade
);

create table skill_in_group (
    skill_id uuid not null,
    skill_group_id uuid not null,
    constraint skill_in_group_pk primary key (skill_id, skill_group_id),
    constraint skill_in_group_skill_fk foreign key (skill_id) references skill (skill_id) on delete cascade,
    constraint skill_in_group_group_fk foreign key (skill_group_id) references skill_group (skill_group_id) on delete cascade
);
create index skill_in_group_by_group on skill_in_group (skill_group_id);

create table skill_broader_skill (
    skill_id uuid not null,
    broader_skill_id uuid not null,
    constraint skill_broader_skill_pk primary key (skill_id, broader_skill_id),
    constraint skill_broader_skill_narrower_fk foreign key (skill_id) references skill (skill_id) on delete cascade,
    constraint skill_broader_skill_broader_fk foreign key (broader_skill_id) references skill (skill_id) on delete cascade
);

create table skill_relation (
    skill_id uuid not null,
    related_skill_id uuid not null,
    relation text not null,
    constraint skill_relation_pk primary key (skill_id, related_skill_id),
    constraint skill_relation_skill_fk foreign key (skill_id) references skill (skill_id) on delete cascade,
    constraint skill_relation_related_fk foreign key (related_skill_id) references skill (skill_id) on delete cascade,
    constraint skill_relation_known check (relation in ('essential', 'optional'))
);

create table occupation (
    occupation_id uuid primary key,
    esco_uri text null,
    code text null,
    isco_code text null,
    -- Null only for an occupation ESCO's relation files link to but its label files do not describe.
    label_en text null,
    label_nl text null,
    description_en text null,
    sector text null,
    constraint occupation_esco_uri_unique unique (esco_uri),
    constraint occupation_code_unique unique (code),
    constraint occupation_isco_code_format check (isco_code ~ '^[0-9]{4}$')
);

create table occupation_label (
    occupation_id uuid not null,
    lang text not null,
    label text not null,
    kind text not null,
    source text not null,
    search_text text not null,
    constraint occupation_label_pk primary key (occupation_id, lang, label),
    constraint occupation_label_occupation_fk foreign key (occupation_id) references occupation (occupation_id) on delete cascade,
    constraint occupation_label_lang_known check (lang in ('en', 'nl')),
    constraint occupation_label_kind_known check (kind in ('preferred', 'alternative', 'hidden')),
    constraint occupation_label_source_known check (source in ('seed', 'esco'))
);
create index occupation_label_search_trgm on occupation_label using gin (search_text gin_trgm_ops);

create table occupation_skill (
    occupation_id uuid not null,
    skill_id uuid not null,
    relation text not null,
    constraint occupation_skill_pk primary key (occupation_id, skill_id),
    constraint occupation_skill_occupation_fk foreign key (occupation_id) references occupation (occupation_id) on delete cascade,
    constraint occupation_skill_skill_fk foreign key (skill_id) references skill (skill_id) on delete cascade,
    constraint occupation_skill_relation_known check (relation in ('essential', 'optional'))
);
create index occupation_skill_by_skill on occupation_skill (skill_id);
