-- People who sign in. Job seekers sign themselves up; an admin creates coaches, employers (each a member of
-- one organisation), pact coordinators, event organisers and other admins. The password is kept only as a
-- salted hash; the lockout counters slow down password guessing.

create table account (
    account_id uuid primary key,
    email text not null,
    password_hash text not null,
    roles text[] not null,
    employer_id uuid null,
    display_name text null,
    failed_sign_ins integer not null default 0,
    locked_until timestamptz null,
    created_at timestamptz not null default now(),
    last_signed_in_at timestamptz null,
    constraint account_email_length check (char_length(email) between 3 and 254),
    constraint account_roles_known check (cardinality(roles) >= 1
        and roles <@ array['job-seeker', 'coach', 'employer', 'coordinator', 'organiser', 'admin']::text[]),
    constraint account_employer_fk foreign key (employer_id) references employer (employer_id),
    constraint account_employer_has_organisation check (not ('employer' = any (roles)) or employer_id is not null),
    constraint account_failed_sign_ins_range check (failed_sign_ins >= 0)
);
create unique index account_email_unique on account (lower(email));
create index account_by_employer on account (employer_id) where employer_id is not null;

-- A profile belongs to the job seeker who made it; profiles loaded as demo data or by a command have no owner.
-- Erasing an account erases its profiles with it.
alter table profile add column owner_account_id uuid null;
alter table profile add constraint profile_owner_fk foreign key (owner_account_id) references account (account_id) on delete cascade;
create index profile_by_owner on profile (owner_account_id) where owner_account_id is not null;
