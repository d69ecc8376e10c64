-- Coverage against conflict events (conflict_events, imported from UCDP GED or ACLED exports).
-- Articles are Syria articles (is_syria) counted by the outlet's printed day (published_date);
-- a governorate counts for an article when the article names it or a place in it
-- (article_places.governorate_pcode). Weeks are ISO weeks, named by their Monday.
-- Where both publishers cover a governorate-week (or an actor-month), the larger of their
-- figures is used: they record the same violence, so adding them would count it twice.
CREATE OR REPLACE VIEW coverage_vs_events AS
WITH events_by_source AS (
    SELECT governorate_pcode,
           CAST(date_trunc('week', event_date) AS DATE) AS week,
           source,
           any_value(governorate_name) AS governorate_name,
           count(*) AS events,
           CAST(sum(fatalities_best) AS BIGINT) AS fatalities
    FROM conflict_events
    GROUP BY governorate_pcode, week, source
), events AS (
    SELECT governorate_pcode, week,
           any_value(governorate_name) AS governorate_name,
           max(events) AS events,
           max(fatalities) AS fatalities,
           list_sort(list(source)) AS event_sources
    FROM events_by_source
    GROUP BY governorate_pcode, week
), coverage AS (
    -- An article naming a place in a governorate has that governorate's own row (named or
    -- implied), so counting the governorate rows counts each article once, without DISTINCT.
    SELECT p.pcode AS governorate_pcode,
           CAST(date_trunc('week', a.published_date) AS DATE) AS week,
           any_value(p.name_en) AS governorate_name,
           count(*) AS articles
    FROM article_places p
    JOIN articles a USING (article_id)
    WHERE a.is_syria AND a.published_date IS NOT NULL
      AND p.country_code = 'SY' AND p.admin_level = 1
    GROUP BY p.pcode, week
), joined AS (
    SELECT coalesce(e.governorate_pcode, c.governorate_pcode) AS governorate_pcode,
           coalesce(e.governorate_name, c.governorate_name) AS governorate_name,
           coalesce(e.week, c.week) AS week,
           coalesce(e.events, 0) AS events,
           coalesce(e.fatalities, 0) AS fatalities,
           coalesce(c.articles, 0) AS articles,
           coalesce(e.event_sources, []) AS event_sources
    FROM events e
    FULL OUTER JOIN coverage c
      ON c.governorate_pcode = e.governorate_pcode AND c.week = e.week
)
SELECT governorate_pcode,
       governorate_name,
       week,
       strftime(week, '%G-W%V') AS iso_week,
       events,
       fatalities,
       articles,
       CASE WHEN fatalities > 0 THEN round(100.0 * articles / fatalities, 2) END
           AS articles_per_100_fatalities,
       round(fatalities / nullif(sum(fatalities) OVER (PARTITION BY week), 0), 4)
           AS fatality_share,
       round(articles / nullif(sum(articles) OVER (PARTITION BY week), 0), 4) AS article_share,
       event_sources
FROM joined;

COMMENT ON VIEW coverage_vs_events IS
    'Governorate x ISO week (week = its Monday): conflict events and fatalities (best estimate) against Syria articles naming the governorate or a place in it (by published_date); articles per 100 fatalities; fatality_share and article_share = the governorate''s share of that week''s fatalities and of that week''s governorate mentions. Weeks with events and no articles, and the reverse, both appear (with 0). Two publishers in one week: the larger figure.';

CREATE OR REPLACE VIEW under_covered AS
WITH violent AS (
    SELECT * FROM coverage_vs_events WHERE events > 0
), limits AS (
    SELECT quantile_cont(fatalities, 0.9) AS fatalities_p90,
           quantile_cont(articles, 0.25) AS articles_p25
    FROM violent
)
SELECT v.*, l.fatalities_p90, l.articles_p25
FROM violent v, limits l
WHERE v.fatalities > 0 AND v.fatalities >= l.fatalities_p90 AND v.articles <= l.articles_p25;

COMMENT ON VIEW under_covered IS
    'Governorate-weeks with events whose fatalities are in the top decile (at or above the 90th percentile) and whose Syria articles are in the bottom quartile (at or below the 25th percentile), both among the governorate-weeks that had events: violence the press barely covered.';

CREATE OR REPLACE VIEW over_covered AS
WITH covered AS (
    SELECT * FROM coverage_vs_events WHERE articles > 0
), limits AS (
    SELECT quantile_cont(articles, 0.9) AS articles_p90,
           quantile_cont(fatalities, 0.25) AS fatalities_p25
    FROM covered
)
SELECT c.*, l.articles_p90, l.fatalities_p25
FROM covered c, limits l
WHERE c.articles >= l.articles_p90 AND c.fatalities <= l.fatalities_p25;

COMMENT ON VIEW over_covered IS
    'Governorate-weeks with Syria articles whose article count is in the top decile (at or above the 90th percentile) and whose fatalities are in the bottom quartile (at or below the 25th percentile), both among the governorate-weeks the articles named: attention out of proportion to the violence.';

CREATE OR REPLACE VIEW actor_attention_vs_activity AS
WITH involvement AS (
    SELECT unnest(actor_ids) AS actor_id, event_date, source, fatalities_best
    FROM conflict_events
), events_by_source AS (
    SELECT actor_id, CAST(date_trunc('month', event_date) AS DATE) AS month, source,
           count(*) AS events, CAST(sum(fatalities_best) AS BIGINT) AS fatalities
    FROM involvement
    GROUP BY actor_id, month, source
), events AS (
    SELECT actor_id, month, max(events) AS events, max(fatalities) AS fatalities,
           list_sort(list(source)) AS event_sources
    FROM events_by_source
    GROUP BY actor_id, month
), month_events AS (
    SELECT month, max(events) AS events
    FROM (SELECT CAST(date_trunc('month', event_date) AS DATE) AS month, source,
                 count(*) AS events
          FROM conflict_events GROUP BY month, source)
    GROUP BY month
), attention AS (
    SELECT x.actor_id, CAST(date_trunc('month', a.published_date) AS DATE) AS month,
           any_value(x.name_en) AS name_en,
           count(DISTINCT a.article_id) AS articles
    FROM article_actors x
    JOIN articles a USING (article_id)
    WHERE a.is_syria AND a.published_date IS NOT NULL
    GROUP BY x.actor_id, month
), month_articles AS (
    SELECT CAST(date_trunc('month', published_date) AS DATE) AS month, count(*) AS articles
    FROM articles
    WHERE is_syria AND published_date IS NOT NULL
    GROUP BY month
), joined AS (
    SELECT coalesce(e.actor_id, t.actor_id) AS actor_id,
           t.name_en,
           coalesce(e.month, t.month) AS month,
           coalesce(t.articles, 0) AS articles,
           coalesce(e.events, 0) AS events,
           coalesce(e.fatalities, 0) AS fatalities,
           coalesce(e.event_sources, []) AS event_sources
    FROM events e
    FULL OUTER JOIN attention t ON t.actor_id = e.actor_id AND t.month = e.month
)
SELECT j.actor_id, j.name_en, j.month, j.articles, j.events, j.fatalities,
       round(j.articles / nullif(ma.articles, 0), 4) AS attention_share,
       round(j.events / nullif(me.events, 0), 4) AS activity_share,
       j.event_sources
FROM joined j
LEFT JOIN month_articles ma ON ma.month = j.month
LEFT JOIN month_events me ON me.month = j.month;

COMMENT ON VIEW actor_attention_vs_activity IS
    'Actor x month: Syria articles naming the actor (by published_date) against conflict events involving it (actor_ids) and their fatalities; attention_share = share of the month''s Syria articles naming it, activity_share = share of the month''s events involving it. Actors with events and no articles, and the reverse, both appear.';
