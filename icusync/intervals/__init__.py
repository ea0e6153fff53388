"""The Intervals.icu port: the HTTP client, the athlete's credential, request pacing and a short read cache."""
