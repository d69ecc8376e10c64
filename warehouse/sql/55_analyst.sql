-- One view per analyst question. Days are the outlet's own calendar day (published_date), weeks
-- start on Monday, months on the 1st. "Syria articles" are those with is_syria.

CREATE OR REPLACE VIEW daily_attention AS
WITH days AS (
    SELECT site, CAST(unnest(generate_series(min(published_date), max(published_date),
                                             INTERVAL 1 DAY)) AS DATE) AS day
    FROM articles
    GROUP BY site
),
counts AS (
    SELECT site, published_date AS day, count(*) AS articles,
           count(*) FILTER (WHERE is_syria) AS syria_articles
    FROM articles
    GROUP BY ALL
)
SELECT
    d.site,
    d.day,
    coalesce(c.articles, 0) AS articles,
    coalesce(c.syria_articles, 0) AS syria_articles,
    CASE WHEN c.articles > 0 THEN round(c.syria_articles / c.articles, 4) END AS syria_share
FROM days d
LEFT JOIN counts c USING (site, day);

COMMENT ON VIEW daily_attention IS
    'Per site and printed day, from its first to its last day: all articles, Syria articles and their share; days without articles are rows of zeros (share null).';

CREATE OR REPLACE VIEW attention_spikes AS
WITH rolling AS (
    SELECT
        site,
        day,
        syria_articles,
        avg(syria_articles) OVER before AS mean_28d,
        stddev_samp(syria_articles) OVER before AS sd_28d,
        count(*) OVER before AS days_before
    FROM daily_attention
    WINDOW before AS (PARTITION BY site ORDER BY day ROWS BETWEEN 28 PRECEDING AND 1 PRECEDING)
)
SELECT
    site,
    day,
    syria_articles,
    round(mean_28d, 2) AS mean_28d,
    round(sd_28d, 2) AS sd_28d,
    round(mean_28d + 2 * sd_28d, 2) AS threshold,
    round((syria_articles - mean_28d) / nullif(sd_28d, 0), 2) AS z_score
FROM rolling
WHERE days_before >= 14 AND syria_articles >= 3 AND syria_articles > mean_28d + 2 * sd_28d;

COMMENT ON VIEW attention_spikes IS
    'Days whose Syria articles exceed the mean plus two standard deviations of the 28 days before (zeros included), per site; at least 14 earlier days and 3 articles (a lone article after a silent month is no spike).';

CREATE OR REPLACE VIEW weekly_by_section AS
SELECT
    CAST(date_trunc('week', published_date) AS DATE) AS week,
    site,
    coalesce(section, '(none)') AS section,
    count(*) AS articles,
    count(*) FILTER (WHERE is_syria) AS syria_articles,
    round(count(*) FILTER (WHERE is_syria) / count(*), 4) AS syria_share
FROM articles
GROUP BY ALL;

COMMENT ON VIEW weekly_by_section IS
    'Per week (Monday), site and section as the outlet names it: all articles, Syria articles and their share.';

CREATE OR REPLACE VIEW place_heatmap AS
WITH counts AS (
    SELECT CAST(date_trunc('month', a.published_date) AS DATE) AS month, p.pcode,
           any_value(p.name_ar) AS name_ar, any_value(p.name_en) AS name_en,
           count(*) AS articles
    FROM article_places p
    JOIN articles a USING (article_id)
    WHERE a.is_syria AND p.country_code = 'SY' AND p.admin_level = 1
    GROUP BY ALL
),
governorates AS (
    SELECT pcode, any_value(name_ar) AS name_ar, any_value(name_en) AS name_en
    FROM counts
    GROUP BY pcode
),
totals AS (
    SELECT CAST(date_trunc('month', published_date) AS DATE) AS month,
           count(*) AS syria_articles
    FROM articles
    WHERE is_syria
    GROUP BY ALL
),
months AS (
    SELECT CAST(unnest(generate_series(min(month), max(month), INTERVAL 1 MONTH)) AS DATE)
           AS month
    FROM totals
)
SELECT
    g.pcode AS governorate_pcode,
    g.name_ar,
    g.name_en,
    m.month,
    coalesce(c.articles, 0) AS syria_articles,
    CASE WHEN t.syria_articles > 0
         THEN round(coalesce(c.articles, 0) / t.syria_articles, 4) END AS share_of_month
FROM governorates g
CROSS JOIN months m
LEFT JOIN counts c ON c.pcode = g.pcode AND c.month = m.month
LEFT JOIN totals t ON t.month = m.month;

COMMENT ON VIEW place_heatmap IS
    'Governorate × month: Syria articles naming the governorate or a place in it, and their share of the month''s Syria articles; every governorate named in Syria articles gets every month (zeros included).';

CREATE OR REPLACE VIEW article_geo_focus AS
WITH per_governorate AS (
    SELECT
        article_id,
        governorate_pcode,
        CAST(sum(mentions) AS BIGINT) AS mentions,
        bool_or(in_headline) AS in_headline,
        min(first_offset) AS first_offset
    FROM article_places
    WHERE country_code = 'SY' AND admin_level >= 1 AND governorate_pcode IS NOT NULL
    GROUP BY ALL
),
ranked AS (
    -- One aggregate per article, not a window: the top governorate by mentions, then in the
    -- headline, then named first, then p-code (1.4 s → 1.0 s at a million articles).
    SELECT
        article_id,
        arg_min(
            {'governorate_pcode': governorate_pcode, 'mentions': mentions,
             'in_headline': in_headline},
            {'m': -mentions, 'h': NOT in_headline, 'o': coalesce(first_offset, 2147483647),
             'g': governorate_pcode}
        ) AS top,
        sum(mentions) AS all_mentions,
        count(*) AS governorates
    FROM per_governorate
    GROUP BY article_id
),
names AS (
    SELECT pcode, any_value(name_ar) AS name_ar, any_value(name_en) AS name_en
    FROM article_places
    WHERE country_code = 'SY' AND admin_level = 1
    GROUP BY pcode
)
SELECT
    r.article_id,
    a.site,
    a.published_date,
    a.is_syria,
    r.top.governorate_pcode AS governorate_pcode,
    n.name_ar,
    n.name_en,
    r.top.mentions AS mentions,
    r.top.in_headline AS in_headline,
    CASE WHEN r.all_mentions > 0 THEN round(r.top.mentions / r.all_mentions, 3) END AS focus_share,
    r.governorates
FROM ranked r
JOIN articles a USING (article_id)
LEFT JOIN names n ON n.pcode = r.top.governorate_pcode;

COMMENT ON VIEW article_geo_focus IS
    'Each article''s main Syrian governorate: the one with the most mentions of itself and the places in it (ties: in the headline, then named first); focus_share is its part of all Syrian place mentions, governorates how many the article names.';

CREATE OR REPLACE VIEW actor_pairs AS
SELECT
    x.actor_id AS actor_a,
    any_value(x.name_en) AS name_en_a,
    any_value(x.name_ar) AS name_ar_a,
    y.actor_id AS actor_b,
    any_value(y.name_en) AS name_en_b,
    any_value(y.name_ar) AS name_ar_b,
    count(*) AS articles,
    count(*) FILTER (WHERE a.is_syria) AS syria_articles,
    min(a.published_date) AS first_day,
    max(a.published_date) AS last_day
FROM article_actors x
JOIN article_actors y ON y.article_id = x.article_id AND y.actor_id > x.actor_id
JOIN articles a ON a.article_id = x.article_id
GROUP BY x.actor_id, y.actor_id;

COMMENT ON VIEW actor_pairs IS
    'Pairs of actors named in the same article (each pair once, actor_a < actor_b): articles, Syria articles, first and last printed day.';

CREATE OR REPLACE VIEW actor_places AS
SELECT
    x.actor_id,
    any_value(x.name_en) AS actor_name_en,
    any_value(x.name_ar) AS actor_name_ar,
    p.pcode AS governorate_pcode,
    any_value(p.name_en) AS governorate_en,
    any_value(p.name_ar) AS governorate_ar,
    count(*) AS articles,
    min(a.published_date) AS first_day,
    max(a.published_date) AS last_day
FROM article_actors x
JOIN article_places p ON p.article_id = x.article_id
JOIN articles a ON a.article_id = x.article_id
WHERE p.country_code = 'SY' AND p.admin_level = 1
GROUP BY x.actor_id, p.pcode;

COMMENT ON VIEW actor_places IS
    'Actors × Syrian governorates named (or implied by a town) in the same article: articles, first and last printed day.';

CREATE OR REPLACE VIEW bylines AS
SELECT
    CAST(date_trunc('month', published_date) AS DATE) AS month,
    site,
    coalesce(author, '(none)') AS author,
    count(*) AS articles,
    count(*) FILTER (WHERE is_syria) AS syria_articles,
    CAST(coalesce(sum(word_count) FILTER (WHERE is_syria), 0) AS BIGINT) AS syria_words,
    list_sort(list_distinct(list(dateline) FILTER (WHERE dateline IS NOT NULL))) AS datelines
FROM articles
GROUP BY ALL;

COMMENT ON VIEW bylines IS
    'Per month, site and author as the byline names them (desks such as «الشرق الأوسط» included): articles, Syria articles and words, and the datelines filed from.';

CREATE OR REPLACE VIEW datelines AS
SELECT
    CAST(date_trunc('month', published_date) AS DATE) AS month,
    site,
    coalesce(dateline, '(none)') AS dateline,
    count(*) AS articles,
    count(*) FILTER (WHERE is_syria) AS syria_articles,
    list_sort(list_distinct(list(author) FILTER (WHERE author IS NOT NULL))) AS authors
FROM articles
GROUP BY ALL;

COMMENT ON VIEW datelines IS
    'Per month, site and dateline as printed (the city the story was filed from): articles, Syria articles and the authors filing from it.';

CREATE OR REPLACE VIEW quote_speakers AS
WITH actor_names AS (
    SELECT actor_id, any_value(name_en) AS name_en, any_value(name_ar) AS name_ar
    FROM article_actors
    GROUP BY actor_id
)
SELECT
    q.speaker,
    q.speaker_actor_id,
    n.name_en AS actor_name_en,
    n.name_ar AS actor_name_ar,
    count(*) AS quotes,
    count(DISTINCT q.article_id) AS articles,
    min(a.published_date) AS first_day,
    max(a.published_date) AS last_day,
    arg_max(q.quote, a.published_date) AS latest_quote
FROM article_quotes q
JOIN articles a USING (article_id)
LEFT JOIN actor_names n ON n.actor_id = q.speaker_actor_id
WHERE q.speaker IS NOT NULL
GROUP BY ALL;

COMMENT ON VIEW quote_speakers IS
    'Who is quoted: each speaker as written (with the actor the speaker names, if any), quotes, articles, first and last printed day, and the latest quote.';

CREATE OR REPLACE VIEW revisions AS
WITH revised AS (
    -- Most articles never change: window only over those that did.
    SELECT article_id FROM article_versions GROUP BY article_id HAVING count(*) > 1
),
ordered AS (
    SELECT
        v.*,
        row_number() OVER w AS version,
        lag(content_sha1) OVER w AS previous_sha1,
        lag(headline) OVER w AS previous_headline,
        lag(subheadline) OVER w AS previous_subheadline,
        lag(paragraphs) OVER w AS previous_paragraphs,
        lag(word_count) OVER w AS previous_word_count
    FROM article_versions v
    SEMI JOIN revised USING (article_id)
    WINDOW w AS (PARTITION BY article_id ORDER BY valid_from)
)
SELECT
    article_id,
    version,
    valid_from AS revised_at,
    previous_sha1,
    content_sha1,
    headline IS DISTINCT FROM previous_headline AS headline_changed,
    previous_headline,
    headline,
    subheadline IS DISTINCT FROM previous_subheadline AS subheadline_changed,
    CASE WHEN paragraphs IS NOT NULL AND previous_paragraphs IS NOT NULL
         THEN list_filter(paragraphs, lambda p: NOT list_contains(previous_paragraphs, p))
    END AS paragraphs_added,
    CASE WHEN paragraphs IS NOT NULL AND previous_paragraphs IS NOT NULL
         THEN list_filter(previous_paragraphs, lambda p: NOT list_contains(paragraphs, p))
    END AS paragraphs_removed,
    previous_word_count,
    word_count,
    word_count - previous_word_count AS words_added
FROM ordered
WHERE version > 1;

COMMENT ON VIEW revisions IS
    'Every change of an article''s content after its first version: when, the headline before and after, the paragraphs added and removed (null for versions stored before texts were kept) and the word count.';

CREATE OR REPLACE VIEW data_quality AS
WITH per_site AS (
    SELECT site, count(*) AS articles FROM articles GROUP BY site
),
measures AS (
    SELECT site, 'duplicate_canonical_urls' AS measure, count(*) FILTER (WHERE n > 1) AS value,
           'canonical URLs shared by more than one article' AS detail
    FROM (SELECT site, canonical_url, count(*) AS n FROM articles
          WHERE canonical_url IS NOT NULL GROUP BY ALL)
    GROUP BY site
    UNION ALL
    SELECT site, 'duplicate_content', sum(n - 1),
           'articles whose content hash another article of the site already has'
    FROM (SELECT site, content_sha1, count(*) AS n FROM articles GROUP BY ALL)
    GROUP BY site
    UNION ALL
    SELECT site, 'duplicate_headline_same_day', sum(n - 1),
           'articles whose headline and printed day another article of the site already has'
    FROM (SELECT site, headline, published_date, count(*) AS n FROM articles GROUP BY ALL)
    GROUP BY site
    UNION ALL
    SELECT site, 'missing_published_date',
           count(*) FILTER (WHERE published_date IS NULL OR published_at IS NULL),
           'articles without a publication instant or printed day'
    FROM articles GROUP BY site
    UNION ALL
    SELECT site, 'missing_hijri_date', count(*) FILTER (WHERE published_hijri IS NULL),
           'articles without the Hijri date the page prints'
    FROM articles GROUP BY site
    UNION ALL
    SELECT site, 'missing_author', count(*) FILTER (WHERE author IS NULL),
           'articles without an author or desk'
    FROM articles GROUP BY site
    UNION ALL
    SELECT site, 'syria_without_place',
           count(*) FILTER (WHERE is_syria AND NOT EXISTS (
               SELECT 1 FROM article_places p
               WHERE p.article_id = a.article_id AND p.country_code = 'SY')),
           'Syria articles naming no Syrian place'
    FROM articles a GROUP BY site
    UNION ALL
    SELECT site, 'fetch_lag_hours_median',
           round(median(epoch(fetched_at - published_at)) / 3600, 2),
           'hours from publication to the stored fetch (backfilled pages make it long)'
    FROM articles GROUP BY site
    UNION ALL
    SELECT site, 'fetch_lag_hours_p90',
           round(quantile_cont(epoch(fetched_at - published_at), 0.9) / 3600, 2),
           'hours from publication to the stored fetch, 90th percentile'
    FROM articles GROUP BY site
    UNION ALL
    SELECT coalesce(u.site, '(unknown)'), 'quarantined:' || q.stage || ':' || q.reason,
           count(DISTINCT q.url), 'URLs quarantined at this stage for this reason'
    FROM quarantine q
    LEFT JOIN url_state u ON u.url = q.url
    GROUP BY ALL
)
SELECT
    m.site,
    m.measure,
    CAST(m.value AS DOUBLE) AS value,
    CASE WHEN m.measure NOT LIKE 'fetch_lag%' AND s.articles > 0
         THEN round(m.value / s.articles, 4) END AS share_of_articles,
    m.detail
FROM measures m
LEFT JOIN per_site s USING (site);

COMMENT ON VIEW data_quality IS
    'Data quality per site, one row per measure: duplicates (canonical URL, content, headline and day), missing dates, authors and Hijri dates, Syria articles without a place, fetch lag (median and 90th percentile, hours) and quarantined URLs by stage and reason.';
