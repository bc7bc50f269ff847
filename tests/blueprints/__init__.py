"""Tests of the automation blueprints shipped in blueprints/automation/appliance_care/."""
