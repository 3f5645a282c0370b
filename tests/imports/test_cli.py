"""`flask imports add|run|list` with the output CONTRACT.md fixes."""

from __future__ import annotations

import re

from stem_events.imports import run
from stem_events.imports.models import ImportSource
from tests.imports.helpers import feed_bytes


def test_add_prints_only_the_new_id(app, db, organiser, now):
    _user, organisation = organiser
    result = app.test_cli_runner().invoke(args=[
        "imports", "add", "--organisation", str(organisation.id),
        "--url", "webcal://agenda.example/academie.ics", "--trusted"])
    assert result.exit_code == 0, result.output
    source = db.session.get(ImportSource, int(result.output.strip()))
    assert result.output == f"{source.id}\n"
    assert (source.url, source.trusted) == ("https://agenda.example/academie.ics", True)


def test_add_refuses_an_unknown_organisation_and_a_bad_url(app, db, organiser):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["imports", "add", "--organisation", "999999", "--url",
                               "https://a.example/x.ics"]).exit_code == 1
    _user, organisation = organiser
    result = runner.invoke(args=["imports", "add", "--organisation", str(organisation.id),
                                 "--url", "ftp://a.example/x.ics"])
    assert result.exit_code == 1 and "https://" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(ImportSource)) == 0


def test_run_prints_one_line_per_source_and_exits_1_on_a_failure(app, db, now, httpserver,
                                                                 make_source):
    httpserver.expect_request("/good.ics").respond_with_data(feed_bytes("google.ics"))
    httpserver.expect_request("/gone.ics").respond_with_data("", status=404)
    good = make_source(httpserver.url_for("/good.ics"))
    gone = make_source(httpserver.url_for("/gone.ics"))

    result = app.test_cli_runner().invoke(args=["imports", "run"])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"source {good.id}: ok created=3 updated=0 cancelled=0 unchanged=0 skipped=0",
        f"source {gone.id}: failed created=0 updated=0 cancelled=0 unchanged=0 skipped=0"]


def test_run_takes_only_due_sources_and_source_forces_one(app, db, now, serve, make_source):
    source = make_source(serve(feed_bytes("nextcloud.ics")))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["imports", "run"]).exit_code == 0
    assert runner.invoke(args=["imports", "run"]).output == ""  # not due again yet
    result = runner.invoke(args=["imports", "run", "--source", str(source.id)])
    assert result.output == (f"source {source.id}: ok created=0 updated=0 cancelled=0 "
                             f"unchanged=1 skipped=0\n")


def test_list_shows_every_source(app, db, make_source):
    source = make_source("https://agenda.example/a.ics", paused=True)
    output = app.test_cli_runner().invoke(args=["imports", "list"]).output
    assert re.match(rf"{source.id}\torganisation=\d+\tpaused\t", output)
    assert output.rstrip().endswith("https://agenda.example/a.ics")


def test_one_runner_per_source(db, now, serve, make_source):
    source = make_source(serve(feed_bytes("nextcloud.ics")))
    assert run.claim(source.id)  # another runner holds it
    assert run.run_source(source.id) is None
    assert db.session.scalar(db.select(db.func.count()).select_from(ImportSource)
                             .where(ImportSource.last_run_at.is_not(None))) == 0
