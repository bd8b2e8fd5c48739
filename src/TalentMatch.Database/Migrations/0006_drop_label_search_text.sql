-- Labels are normalised in memory by the label index since search left PostgreSQL; the stored copy is unused.
alter table skill_label drop column search_text;
alter table occupation_label drop column search_text;
