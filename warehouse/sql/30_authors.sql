-- Who writes the coverage: authors and desks, with the datelines they file from.
CREATE OR REPLACE VIEW authors AS
SELECT
    coalesce(author, '(none)') AS author,
    count(*) AS articles,
    count(*) FILTER (WHERE is_syria) AS syria_articles,
    list_sort(list_distinct(list(dateline) FILTER (WHERE dateline IS NOT NULL))) AS datelines,
    min(published_at) AS first_published,
    max(published_at) AS last_published
FROM articles
GROUP BY 1;

COMMENT ON VIEW authors IS
    'Authors and desks (e.g. «الشرق الأوسط»), their article counts and datelines.';
