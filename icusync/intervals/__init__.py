"""The Intervals.icu port: the HTTP client, the athlete's credential and request pacing."""
