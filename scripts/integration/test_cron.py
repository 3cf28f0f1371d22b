"""scripts/cron/steward-nightly-cron: no overlapping runs, one log per night, catch-up of missed
nights from the last successful one."""

from __future__ import annotations

import fcntl

from conftest import NIGHT, ROOT, run

CRON = ROOT / "scripts" / "cron" / "steward-nightly-cron"


def fake_nightly(tmp_path, codes=None):
    """A stand-in for `steward nightly` that records its calls and exits with codes[date] (or 0)."""
    calls = tmp_path / "calls"
    cases = "".join(f"  {d}) exit {c} ;;\n" for d, c in (codes or {}).items())
    fake = tmp_path / "fake-steward"
    fake.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$*" >>{calls}\n'
        'echo "computing night $3"\n'
        f'case "$3" in\n{cases}esac\n'
        "exit 0\n"
    )
    fake.chmod(0o755)
    return f"{fake} nightly", calls


def cron(env, state, *args, nightly):
    return run([CRON, "--state-dir", state, *args], dict(env, STEWARD_NIGHTLY_CMD=nightly), timeout=300)


def test_catches_up_missed_nights_with_a_log_per_night(spark_env, tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "last-success").write_text("2026-02-27\n")
    nightly, calls = fake_nightly(tmp_path, {"2026-03-01": 3})
    r = cron(spark_env, state, "--through", NIGHT, "--", "--model", "m1", nightly=nightly)
    assert r.code == 3, str(r)  # a night raised alerts; every night still counts as done
    assert calls.read_text().splitlines() == [
        f"nightly --date {d} --model m1" for d in ("2026-02-28", "2026-03-01", NIGHT)]
    assert (state / "last-success").read_text().strip() == NIGHT
    for d in ("2026-02-28", "2026-03-01", NIGHT):
        log = (state / "logs" / f"nightly-{d}.log").read_text()
        assert f"computing night {d}" in log
    assert "=== exit 3" in (state / "logs" / "nightly-2026-03-01.log").read_text()
    assert "night 2026-03-01: ran and raised alerts" in (state / "logs" / "cron.log").read_text()

    r = cron(spark_env, state, "--through", NIGHT, nightly=nightly)
    assert r.code == 0, str(r)
    assert len(calls.read_text().splitlines()) == 3
    assert r.err.strip() == f"steward-nightly-cron: nothing to do: the last successful night is {NIGHT} (through {NIGHT})"


def test_a_failed_night_stops_the_run_and_is_retried_next_time(spark_env, tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "last-success").write_text("2026-02-27\n")
    nightly, calls = fake_nightly(tmp_path, {"2026-03-01": 1})
    r = cron(spark_env, state, "--through", NIGHT, nightly=nightly)
    assert r.code == 1, str(r)
    assert [c.split()[2] for c in calls.read_text().splitlines()] == ["2026-02-28", "2026-03-01"]
    assert (state / "last-success").read_text().strip() == "2026-02-28"
    assert "night 2026-03-01: failed with exit 1; stopping here, the next run starts again from 2026-03-01" in r.err

    nightly, calls = fake_nightly(tmp_path)  # the cause is fixed
    r = cron(spark_env, state, "--through", NIGHT, nightly=nightly)
    assert r.code == 0, str(r)
    assert [c.split()[2] for c in calls.read_text().splitlines()] == ["2026-02-28", "2026-03-01", "2026-03-01", NIGHT]
    log = (state / "logs" / "nightly-2026-03-01.log").read_text()
    assert log.count("=== exit") == 2 and "=== exit 1" in log and log.rstrip().endswith("=== exit 0")


def test_first_run_and_catch_up_limit(spark_env, tmp_path):
    state = tmp_path / "state"
    nightly, calls = fake_nightly(tmp_path)
    r = cron(spark_env, state, "--through", NIGHT, nightly=nightly)  # no state yet: just that night
    assert r.code == 0, str(r)
    assert calls.read_text().splitlines() == [f"nightly --date {NIGHT}"]

    (state / "last-success").write_text("2026-01-31\n")
    r = cron(spark_env, state, "--through", NIGHT, "--max-catchup", "2", nightly=nightly)
    assert r.code == 0, str(r)
    assert [c.split()[2] for c in calls.read_text().splitlines()[1:]] == ["2026-03-01", NIGHT]
    assert ("catch-up limited to 2 nights: 2026-02-01 to 2026-02-28 are left out; backfill them"
            " with: steward nightly --from 2026-02-01 --to 2026-02-28") in r.err


def test_a_second_run_never_overlaps_the_first(spark_env, tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    nightly, calls = fake_nightly(tmp_path)
    with open(state / "cron.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a run in progress
        r = cron(spark_env, state, "--through", NIGHT, nightly=nightly)
    assert r.code == 0, str(r)
    assert not calls.exists()
    assert f"skipped: another run holds {state}/cron.lock" in r.err
    assert "skipped" in (state / "logs" / "cron.log").read_text()
    r = cron(spark_env, state, "--through", NIGHT, nightly=nightly)  # released: it runs
    assert r.code == 0 and calls.read_text().splitlines() == [f"nightly --date {NIGHT}"], str(r)


def test_bad_input_is_one_line_and_exit_2(spark_env, tmp_path):
    nightly, _ = fake_nightly(tmp_path)
    r = cron(spark_env, tmp_path / "s", "--through", "2026-13-01", nightly=nightly)
    assert (r.code, r.err.splitlines()) == (
        2, ["steward-nightly-cron: error: option --through is '2026-13-01' but must be a date written YYYY-MM-DD"])
    state = tmp_path / "s2"
    state.mkdir()
    (state / "last-success").write_text("yesterday\n")
    r = cron(spark_env, state, "--through", NIGHT, nightly=nightly)
    assert (r.code, r.err.splitlines()) == (
        2, [f"steward-nightly-cron: error: {state}/last-success holds 'yesterday', not a date; fix or remove it"])


def test_real_nightly_through_the_wrapper(spark_env, bench_warehouse, tmp_path, launcher_archive):
    state = tmp_path / "state"
    state.mkdir()
    (state / "last-success").write_text("2026-03-01\n")
    r = run([CRON, "--state-dir", state, "--through", NIGHT],
            dict(spark_env, STEWARD_WAREHOUSE=str(bench_warehouse)), timeout=600)
    assert r.code == 0, str(r)
    log = (state / "logs" / f"nightly-{NIGHT}.log").read_text()
    assert f"bench_m00  v1       {NIGHT}  10000" in log
    assert "=== exit 0" in log
    assert (state / "last-success").read_text().strip() == NIGHT
