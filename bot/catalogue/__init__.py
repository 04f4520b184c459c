"""The credential catalogue: models, database set-up, import/export, queries and resolver.

Modules by concern:

- ``models``: SQLAlchemy models ``Provider`` and ``Credential``;
- ``db``: lazy engines/sessionmakers, ``migrate()`` and ``init()``;
- ``importer``: validate and import YAML/CSV catalogues (all-or-nothing, upsert by code);
- ``export``: JSON, CSV and YAML exports;
- ``queries``: search and look-ups used by the chatbot actions;
- ``resolver``: free-text mentions → credentials;
- ``cli``: the ``microcred catalogue`` command.

Importing this package builds nothing (no engine, no spaCy pipeline).
"""
