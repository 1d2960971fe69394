-- The collector's schema, the same for SQLite and PostgreSQL (portable SQL only).
-- devices: every enrolled device and the highest report sequence accepted from it.
CREATE TABLE devices (
  device_id VARCHAR(128) PRIMARY KEY,
  public_key VARCHAR(64) NOT NULL,
  enrolled_by VARCHAR(16) NOT NULL,
  enrolled_at VARCHAR(40) NOT NULL,
  last_sequence BIGINT NOT NULL
);

-- reports: every accepted report, its signed envelope kept verbatim so anyone can verify it again.
CREATE TABLE reports (
  report_id CHAR(32) PRIMARY KEY,
  device_id VARCHAR(128) NOT NULL REFERENCES devices (device_id),
  sequence BIGINT NOT NULL,
  rollout_id VARCHAR(128),
  stage VARCHAR(64),
  outcome VARCHAR(16) NOT NULL,
  received_at VARCHAR(40) NOT NULL,
  envelope TEXT NOT NULL,
  UNIQUE (device_id, sequence)
);
CREATE INDEX reports_by_rollout ON reports (rollout_id);

-- refusals: how many reports were refused, per reason (oversized, malformed, unenrolled, forged, replayed).
CREATE TABLE refusals (
  reason VARCHAR(32) PRIMARY KEY,
  total BIGINT NOT NULL
);
