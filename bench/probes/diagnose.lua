-- wrk body for POST /api/diagnoses: one HTTP attempt against the bench nginx's loopback 502.
wrk.method = "POST"
wrk.body = '{"target":"http://127.0.0.1:18080/bad502","attempts":1}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "bench-key"
