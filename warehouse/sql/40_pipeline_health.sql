-- Pipeline health for data engineers: quarantine reasons and URL states.
CREATE OR REPLACE VIEW quarantine_reasons AS
SELECT stage, reason, count(*) AS records, count(DISTINCT url) AS urls,
       max(quarantined_at) AS last_seen
FROM quarantine
GROUP BY ALL;

COMMENT ON VIEW quarantine_reasons IS
    'Quarantined records by stage and reason, with the last time each was seen.';

CREATE OR REPLACE VIEW url_states AS
SELECT site, state, coalesce(reason, '') AS reason, count(*) AS urls
FROM url_state
GROUP BY ALL;

COMMENT ON VIEW url_states IS 'Discovered URLs by site, state and reason (the frontier).';
