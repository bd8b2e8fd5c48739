-- Why a challenge got no team, as a code with its numbers, so the event page can say it in Dutch or English
-- instead of showing the English sentence on a Dutch page. Null for staffed teams and for runs formed before this.
alter table team
    add column unstaffed_reason text null,
    add column unstaffed_registered integer null,
    add column unstaffed_needed integer null,
    add column unstaffed_programmes text[] null,
    add constraint team_unstaffed_reason_known check (unstaffed_reason in
        ('too-few-from-programmes', 'too-few-participants', 'too-few-students', 'too-few-non-students', 'mix-not-met', 'no-required-skills', 'better-elsewhere'));

-- Team runs keep skills by their English label (the solver's words). This gives each one's Dutch label, in order,
-- falling back to the English label where a skill has no Dutch one.
create function dutch_labels(labels text[]) returns text[] language sql stable as $$
    select coalesce(array_agg(coalesce((select s.label_nl from skill s where s.label_en = l.label order by s.skill_id limit 1), l.label) order by l.n), '{}')
    from unnest(labels) with ordinality as l(label, n)
$$;
