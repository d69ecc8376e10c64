-- Attention over time: articles per day (the outlet's own calendar day), per site.
CREATE OR REPLACE VIEW coverage_daily AS
SELECT
    coalesce(published_date, CAST(timezone('Asia/Riyadh', published_at) AS DATE)) AS day,
    site,
    count(*) AS articles,
    count(*) FILTER (WHERE is_syria) AS syria_articles,
    CAST(sum(word_count) AS BIGINT) AS words
FROM articles
GROUP BY ALL;

COMMENT ON VIEW coverage_daily IS
    'Articles per calendar day as the outlet printed it (published_date), per site: all, Syria-relevant, and their words.';
