-- The readiness check's write probe: one row per instance, upserted (at most once per
-- Storage:HealthCheckCacheDuration) so /health/ready fails when the store cannot be written
-- (disk full, read-only file or mount, read-only transactions).
CREATE TABLE health_probe (
    instance   TEXT   NOT NULL PRIMARY KEY,
    written_at BIGINT NOT NULL
);
