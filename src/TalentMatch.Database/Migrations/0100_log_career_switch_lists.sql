-- A coach who opens a person's career-switch suggestions is shown a ranked list about that person, so it is
-- logged like the other lists shown to someone other than the person ranked.
alter table ranking_log drop constraint ranking_log_list_kind_known;
alter table ranking_log add constraint ranking_log_list_kind_known check (list_kind in ('candidates', 'talent-pool', 'matches', 'occupations'));
