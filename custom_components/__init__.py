"""Custom integrations of this repository (needed by the test harness)."""
