-- Which anonymised candidate cards an account opened, and when: the basis of the daily cap on cards per employer
-- account (so nobody can page through the whole talent pool), and part of what a person may export about them.

create table candidate_card_view (
    account_id uuid not null,
    vacancy_id uuid not null,
    profile_id uuid not null,
    opened_on date not null default (now() at time zone 'utc')::date,
    opened_at timestamptz not null default now(),
    constraint candidate_card_view_pk primary key (account_id, opened_on, vacancy_id, profile_id),
    constraint candidate_card_view_account_fk foreign key (account_id) references account (account_id) on delete cascade,
    constraint candidate_card_view_vacancy_fk foreign key (vacancy_id) references vacancy (vacancy_id) on delete cascade,
    constraint candidate_card_view_profile_fk foreign key (profile_id) references profile (profile_id) on delete cascade
);
create index candidate_card_view_by_profile on candidate_card_view (profile_id);
