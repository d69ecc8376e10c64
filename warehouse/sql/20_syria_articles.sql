-- The Syria-relevant articles with the columns analysts read first.
CREATE OR REPLACE VIEW syria_articles AS
SELECT
    article_id,
    site,
    published_at,
    coalesce(published_date, CAST(timezone('Asia/Riyadh', published_at) AS DATE)) AS day,
    section,
    subsection,
    headline,
    author,
    dateline,
    image_credit,
    word_count,
    syria_relevance,
    canonical_url
FROM articles
WHERE is_syria;

COMMENT ON VIEW syria_articles IS
    'Articles judged about Syria (is_syria), newest first when ordered by published_at.';
