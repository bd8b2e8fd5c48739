-- Label search moved into the application (an in-memory index with typo tolerance), after the trigram
-- indexes measured p99 above the 20 ms target over the full ESCO import. Unused indexes only slow imports.
drop index skill_label_search_trgm;
drop index occupation_label_search_trgm;
