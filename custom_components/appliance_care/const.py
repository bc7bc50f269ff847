"""Constants of the Appliance Care integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "appliance_care"
LOGGER = logging.getLogger(__package__)

# Config entry data: which kind of source an entry describes.
CONF_SOURCE: Final = "source"
SOURCE_DEMO: Final = "demo"

# Demo home options.
CONF_SPEED: Final = "speed"
CONF_FAULTS: Final = "faults"
CONF_SCHEDULES: Final = "schedules"
CONF_SIMULATION: Final = "simulation"
CONF_SEED: Final = "seed"
CONF_HISTORY_WEEKS: Final = "history_weeks"

# 1x keeps simulated time equal to wall time; a demo may compress a day into minutes.
DEFAULT_SPEED: Final = 1.0
# Above this, one tick would simulate more than ten minutes and hold the event loop too long.
MAX_SPEED: Final = 600.0
DEFAULT_SEED: Final = 1
# A new demo home starts with this many weeks of simulated past (learned programs, cycle
# history, care dates, a maintenance log); living them takes seconds at setup.
DEFAULT_HISTORY_WEEKS: Final = 4
MAX_HISTORY_WEEKS: Final = 12

# How often the simulation is advanced to the current (scaled) time. One second matches
# the reporting interval of the fastest real smart plugs.
SIMULATION_TICK: Final = timedelta(seconds=1)
# Simulated state is saved at most this often (and on shutdown), to spare the disk.
SAVE_DELAY_S: Final = 300

STORAGE_VERSION: Final = 1

# Appliances behind a power sensor.
SOURCE_POWER_SENSOR: Final = "power_sensor"
CONF_APPLIANCE_TYPE: Final = "appliance_type"
CONF_POWER_SENSOR: Final = "power_sensor"
CONF_ENERGY_SENSOR: Final = "energy_sensor"
CONF_DOOR_SENSOR: Final = "door_sensor"
CONF_VIBRATION_SENSOR: Final = "vibration_sensor"
CONF_PURCHASE_DATE: Final = "purchase_date"

# Connected appliances: a device of another integration (a table reads its entities) or of
# any integration (the generic path: the user picks the entities and maps the states).
CONF_DEVICE_ID: Final = "device_id"
CONF_INTEGRATION: Final = "integration"
INTEGRATION_GENERIC: Final = "generic"
CONF_RUN_STATE_ENTITY: Final = "run_state_entity"
CONF_STATE_MAP: Final = "state_map"
CONF_PROGRAM_ENTITY: Final = "program_entity"
CONF_REMAINING_ENTITY: Final = "remaining_entity"
CONF_FINISH_ENTITY: Final = "finish_entity"

# Where an appliance stands and what the care rules read (options), and care thresholds.
CONF_PLACE: Final = "place"
CONF_UNHEATED: Final = "unheated_place"
CONF_TEMPERATURE_SENSOR: Final = "temperature_sensor"
CONF_AMBIENT_SENSOR: Final = "ambient_sensor"
CONF_OUTDOOR_SENSOR: Final = "outdoor_sensor"
CONF_WEATHER: Final = "weather"
CONF_PRICE_ENTITY: Final = "price_entity"
CONF_CARE: Final = "care"
CONF_THRESHOLDS: Final = "thresholds"
# The service device that shows the installed blueprints, outside every appliance.
FEATURE_CATALOG_DEVICE: Final = "feature_catalog"
"""The one device installed blueprints shared before each had its own (removed at setup)."""
BLUEPRINT_DEVICE_PREFIX: Final = "feature_"
"""Identifier prefix of an installed blueprint's own device."""

# The home entry and its appliance subentries.
HOME_TITLE: Final = "Appliance Care"
SUBENTRY_APPLIANCE: Final = "appliance"
SUBENTRY_DEMO: Final = "demo_home"
# The demo home's subentry unique id: one demo home per home.
DEMO_SUBENTRY_UNIQUE_ID: Final = "demo_home"
ENTRY_VERSION: Final = 2
CONF_ADD_BLUEPRINTS: Final = "add_blueprints"
"""Home entry data: add the bundled blueprints at the first setup."""
