-- dutch_labels (0090) looks each team skill up by its English label, once per label on every event page: without an
-- index each lookup scans the whole ESCO skill table.
create index skill_by_label_en on skill (label_en);
