"""The schema: constraints hold in the database itself, and the migration matches the models."""

from __future__ import annotations

import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from bot.catalogue import db
from bot.catalogue.models import Base, Credential, Provider
from bot.records import models as _records  # noqa: F401 (the same migration history)


def _valid(provider: Provider, **overrides) -> Credential:
    values = dict(
        code="T-1",
        title="A Title",
        provider=provider,
        type="standalone",
        field="Testing",
        notional_hours=10,
        fee_rm=600,
        mode="online",
    )
    values.update(overrides)
    return Credential(**values)


@pytest.fixture
def provider_session(migrated):
    with db.get_sessionmaker(migrated)() as session:
        provider = Provider(short_name="P", name="Provider")
        session.add(provider)
        session.commit()
        yield session, provider


def test_defaults(provider_session):
    session, provider = provider_session
    session.add(_valid(provider))
    session.commit()
    credential = session.scalars(select(Credential)).one()
    assert credential.open_to_non_malaysians is True
    assert credential.min_age is None
    assert credential.intake == "self-paced"
    assert credential.keywords == [] and credential.learning_outcomes == []
    assert credential.language == "English"
    assert credential.duration_hours == 10
    assert credential.provider.name == "Provider"


@pytest.mark.parametrize(
    "overrides",
    [
        {"mode": "telepathy"},
        {"type": "semi-bearing"},
        {"fee_rm": -1},
        {"notional_hours": 0},
        {"notional_hours": 1001},
        {"min_age": -3},
        {"title": ""},
        {"mqf_level": 4},  # standalone with a level
        {"accredited_programme": "Diploma in X"},  # standalone within a programme
        {"type": "credit-bearing"},  # credit-bearing without level and credits
        {"type": "credit-bearing", "mqf_level": 9, "credits": 2},
        {"type": "credit-bearing", "mqf_level": 4, "credits": 0},
    ],
    ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()),
)
def test_check_constraints_reject_impossible_credentials(provider_session, overrides):
    session, provider = provider_session
    session.add(_valid(provider, **overrides))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    assert session.scalars(select(Credential)).all() == []


def test_credit_bearing_with_level_and_credits_is_accepted(provider_session):
    session, provider = provider_session
    session.add(
        _valid(provider, type="credit-bearing", mqf_level=6, credits=3, accredited_programme="B")
    )
    session.commit()
    assert session.scalars(select(Credential.mqf_level)).one() == 6


def test_codes_are_unique_ignoring_case(provider_session):
    session, provider = provider_session
    session.add(_valid(provider, code="ABC-1"))
    session.commit()
    session.add(_valid(provider, code="abc-1"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_foreign_key_is_enforced(provider_session):
    session, _ = provider_session
    session.add(
        Credential(
            code="T-2",
            title="Orphan",
            provider_id=9999,
            type="standalone",
            field="Testing",
            notional_hours=10,
            fee_rm=600,
            mode="online",
        )
    )
    with pytest.raises(IntegrityError):
        session.commit()


def test_migration_matches_the_models(migrated):
    with db.get_engine(migrated).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        with warnings.catch_warnings():
            # The lower(code) index cannot be reflected on every dialect; it has its own test
            # (test_codes_are_unique_ignoring_case).
            warnings.simplefilter("ignore")
            diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_migration_is_idempotent_and_reversible(migrated):
    from alembic import command

    db.migrate(migrated)  # second run: nothing to do
    tables = set(inspect(db.get_engine(migrated)).get_table_names())
    assert {"provider", "credential", "alembic_version"} <= tables
    cfg = db.alembic_config(migrated)
    with db.get_engine(migrated).begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    assert not inspect(db.get_engine(migrated)).has_table("credential")
    db.migrate(migrated)
    assert db.has_schema(migrated)
