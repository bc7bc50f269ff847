"""Tests of the feature catalog: installing features, updates, the remote catalog."""
