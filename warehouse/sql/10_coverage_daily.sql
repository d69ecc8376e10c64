-- Attention over time: articles per day (Riyadh calendar day, the paper's own), per site.
CREATE OR REPLACE VIEW coverage_daily AS
SELECT
    CAST(timezone('Asia/Riyadh', published_at) AS DATE) AS day,
    site,
    count(*) AS articles,
    count(*) FILTER (WHERE is_syria) AS syria_articles,
    sum(word_count) AS words
FROM articles
GROUP BY ALL;

COMMENT ON VIEW coverage_daily IS
    'Articles per calendar day in Riyadh time, per site: all, Syria-relevant, and their words.';
