"""Tests of connected appliances, against the real core integrations they come from."""
