"""The ``microcred catalogue`` command, in-process through ``bot.cli.main`` and as a program."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from pathlib import Path

import pytest

from bot import config
from bot.cli import build_parser, main
from tests.catalogue.conftest import FIXTURES, SMALL_CSV, SMALL_YAML, snapshot, sqlite_bytes

MICROCRED = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "microcred"


def run(capsys, url: str, *args: str) -> tuple[int, str, str]:
    code = main(["catalogue", "--database-url", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_read_commands_need_a_schema(capsys, db_url):
    code, _, err = run(capsys, db_url, "list")
    assert code == 1
    assert "has no catalogue yet" in err and "microcred catalogue init" in err
    assert "Traceback" not in err


def test_init_import_list_show(capsys, db_url):
    assert run(capsys, db_url, "init", "--no-sample")[0] == 0
    code, out, err = run(capsys, db_url, "import", str(SMALL_YAML))
    assert code == 0 and "credentials 6 created" in out

    code, out, _ = run(capsys, db_url, "list")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["CODE", "TITLE", "PROVIDER"]
    assert sorted(line.split()[0] for line in out.splitlines()[1:]) == [
        "AI-300",
        "BIZ-050",
        "CYB-201",
        "DSC-101",
        "DSC-110",
        "PAT-001",
    ]
    code, out, _ = run(
        capsys, db_url, "search", "data", "--type", "credit-bearing", "--max-fee", "660"
    )
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["DSC-101"]
    code, out, _ = run(capsys, db_url, "search", "--provider", "poly-y", "--max-hours", "24")
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["BIZ-050"]

    code, out, _ = run(capsys, db_url, "show", "cyb-201")
    assert code == 0
    assert "Cyber Security Essentials" in out and "Universiti Contoh Malaysia (Sample)" in out
    assert "keselamatan siber" in out


def test_show_unknown_code_suggests(capsys, loaded):
    code, out, err = run(capsys, loaded, "show", "dsc-11")
    assert code == 1 and out == ""
    assert "no credential with code 'dsc-11'" in err and "DSC-101" in err


def test_database_url_after_the_subcommand(capsys, loaded):
    code = main(["catalogue", "list", "--database-url", loaded, "--mode", "blended"])
    out, _ = capsys.readouterr()
    assert code == 0 and "CYB-201" in out and "DSC-101" not in out


def test_bad_import_lists_every_problem_and_changes_nothing(capsys, loaded):
    before_rows, before_bytes = snapshot(loaded), sqlite_bytes(loaded)
    code, out, err = run(capsys, loaded, "import", str(FIXTURES / "many_errors.yaml"))
    assert code == 1 and "Traceback" not in err
    assert err.count(": error: ") == 12  # 11 problems + the summary line
    assert "credential ERR-001: fee_rm: must be a number, got 'abc'" in err
    assert "nothing was imported" in err
    assert snapshot(loaded) == before_rows
    assert sqlite_bytes(loaded) == before_bytes


@pytest.mark.parametrize("name", ["broken.yaml", "broken.csv"])
def test_broken_files_give_one_line(capsys, loaded, name):
    code, _, err = run(capsys, loaded, "import", str(FIXTURES / name))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "invalid" in err and name in err


def test_validate(capsys, loaded, tmp_path):
    code, out, _ = run(capsys, loaded, "validate", str(SMALL_YAML))
    assert code == 0 and "6 valid credential(s), 0 error(s)" in out

    code, out, err = run(capsys, loaded, "validate", str(FIXTURES / "many_errors.yaml"))
    assert code == 1
    assert err.count(": error: ") == 11 and out.count(": warning: ") == 2

    # The CSV refers to UNIX, which only the database knows.
    assert run(capsys, loaded, "validate", str(SMALL_CSV))[0] == 0
    assert run(capsys, loaded, "validate", "--offline", str(SMALL_CSV))[0] == 1


def test_validate_never_creates_a_database(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'absent.db'}"
    code, out, _ = run(capsys, url, "validate", str(SMALL_YAML))
    assert code == 0 and "the file only" in out
    assert not (tmp_path / "absent.db").exists()


def test_export_to_a_file(capsys, loaded, tmp_path):
    target = tmp_path / "out.yaml"
    code, out, _ = run(capsys, loaded, "export", "--format", "yaml", "--output", str(target))
    assert code == 0 and out == ""
    assert "code: DSC-101" in target.read_text(encoding="utf-8")


def test_usage_errors_exit_2(capsys, loaded):
    with pytest.raises(SystemExit) as caught:
        main(["catalogue", "--database-url", loaded, "list", "--mode", "telepathy"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit):
        main(["catalogue", "--database-url", loaded, "list", "--max-fee", "cheap"])
    assert run(capsys, loaded)[0] == 2  # no subcommand: help on stderr


@pytest.mark.skipif(not config.SAMPLE_CATALOGUE.exists(), reason="sample catalogue not there yet")
def test_init_loads_the_sample(capsys, db_url):
    code, out, _ = run(capsys, db_url, "init")
    assert code == 0 and "credential(s)" in out
    count = int(out.strip().splitlines()[-1].split(": ")[-1].split()[0])
    assert count >= 40
    code, out, _ = run(capsys, db_url, "init")  # already populated: imports nothing
    assert code == 0 and "created" not in out


def test_every_option_has_help():
    parser = build_parser()
    catalogue = _subparsers(parser)["catalogue"]
    commands = _subparsers(catalogue)
    assert set(commands) == {
        "init",
        "migrate",
        "import",
        "validate",
        "export",
        "list",
        "search",
        "show",
    }
    for name, sub in [("catalogue", catalogue), *commands.items()]:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{name}: {action.dest} has no help"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@pytest.mark.skipif(not MICROCRED.exists(), reason="run `pip install -e .` to get microcred")
def test_installed_command_exports_json(loaded, tmp_path):
    env = {**os.environ, "DATABASE_URL": loaded, "MICROCRED_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [str(MICROCRED), "catalogue", "export", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 6
    dsc = next(r for r in records if r["code"] == "DSC-101")
    assert dsc["provider"] == "Universiti Contoh Malaysia (Sample)"
    assert dsc["fee_rm"] == 650 and dsc["duration_hours"] == 80 and dsc["mode"] == "online"
    assert {"code", "title", "provider", "type", "fee_rm", "duration_hours", "mode"} <= set(dsc)
