"""Settings read from the environment, each with a working local default.

| variable           | default                                   |
| ------------------ | ----------------------------------------- |
| MICROCRED_DATA_DIR | ``var/`` in the project checkout          |
| DATABASE_URL       | SQLite file ``$MICROCRED_DATA_DIR/catalogue.db`` |
| RASA_URL           | ``http://localhost:5005``                 |
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CATALOGUE = PROJECT_ROOT / "data" / "catalogue" / "sample.yaml"


def data_dir() -> Path:
    """Directory for local state (SQLite files); created on first use."""
    path = Path(os.environ.get("MICROCRED_DATA_DIR") or PROJECT_ROOT / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """SQLAlchemy URL of the catalogue database."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir() / 'catalogue.db'}"


def rasa_url() -> str:
    """Base URL of the Rasa server (REST channel lives under it)."""
    return os.environ.get("RASA_URL", "http://localhost:5005").rstrip("/")
