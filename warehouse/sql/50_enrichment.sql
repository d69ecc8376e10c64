-- What the coverage is about: places, actors and sources cited (tables filled by the enrichment).
CREATE OR REPLACE VIEW top_places AS
SELECT
    date_trunc('month', a.published_date) AS month,
    p.pcode,
    p.admin_level,
    p.name_ar,
    p.name_en,
    p.governorate_pcode,
    count(*) AS articles,
    count(*) FILTER (WHERE a.is_syria) AS syria_articles,
    count(*) FILTER (WHERE NOT p.implied) AS articles_naming_it,
    count(*) FILTER (WHERE p.in_headline) AS headlines,
    CAST(sum(p.mentions) AS BIGINT) AS mentions
FROM article_places p
JOIN articles a USING (article_id)
WHERE p.country_code = 'SY' AND p.admin_level BETWEEN 1 AND 2
GROUP BY ALL;

COMMENT ON VIEW top_places IS
    'Syrian governorates (admin_level 1) and districts (2) per month of the printed date: articles naming or implying them (a town implies its governorate), headlines, mentions.';

CREATE OR REPLACE VIEW top_actors AS
SELECT
    date_trunc('week', a.published_date) AS week,
    x.actor_id,
    x.actor_type,
    x.name_en,
    x.name_ar,
    count(*) AS articles,
    count(*) FILTER (WHERE a.is_syria) AS syria_articles,
    count(*) FILTER (WHERE x.in_headline) AS headlines,
    CAST(sum(x.mentions) AS BIGINT) AS mentions
FROM article_actors x
JOIN articles a USING (article_id)
GROUP BY ALL;

COMMENT ON VIEW top_actors IS
    'Actors per week (Monday) of the printed date: articles naming them, headlines, mentions; aliases resolved by publication date (the Assad-era government up to 2024-12-08).';

CREATE OR REPLACE VIEW sources_cited AS
WITH monthly AS (
    SELECT date_trunc('month', published_date) AS month, count(*) AS syria_articles
    FROM articles WHERE is_syria GROUP BY ALL
)
SELECT
    m.month,
    s.source_id,
    count(DISTINCT s.article_id) AS articles,
    count(DISTINCT s.article_id) FILTER (WHERE s.how = 'attribution') AS in_text,
    count(DISTINCT s.article_id) FILTER (WHERE s.how = 'credit') AS image_credits,
    m.syria_articles,
    round(count(DISTINCT s.article_id) / m.syria_articles, 4) AS share_of_syria_articles
FROM article_sources s
JOIN articles a USING (article_id)
JOIN monthly m ON m.month = date_trunc('month', a.published_date)
WHERE a.is_syria
GROUP BY m.month, s.source_id, m.syria_articles;

COMMENT ON VIEW sources_cited IS
    'Per month: Syria articles citing each source (Reuters, AP, AFP, SANA, SOHR, local sources …), in the text or as image credit, and their share of that month''s Syria articles.';
