-- 0070_search_own_text: an indexed row's body now keeps its own text apart from what it carries
-- from elsewhere (its fields' names, its organisation's names) with a unit separator, so that a
-- snippet shows the row's own words first (engine/search.c). Emptied here, the index is filled
-- again from the rows by `bpmc migrate`, `init` and `serve` right after the migrations.
DELETE FROM search;
DELETE FROM search_rows;
