"""`flask media import-files`: images an older version kept on one host's disk
(UPLOAD_DIR/events) are copied into the store once and then served by every host."""

from pathlib import Path

from tests.media.conftest import jpeg


def test_old_files_are_imported_once_and_served_by_another_host(app, client, make_host):
    folder = Path(app.config["UPLOAD_DIR"]) / "events"
    folder.mkdir(parents=True, exist_ok=True)
    name = "0f" * 16 + ".jpg"
    (folder / name).write_bytes(jpeg())
    (folder / "notes.txt").write_text("geen afbeelding")
    assert client.get(f"/media/events/{name}").status_code == 404
    result = app.test_cli_runner().invoke(args=["media", "import-files"])
    assert result.exit_code == 0, result.output
    assert "1 afbeelding(en) gekopieerd, 0 stonden er al" in result.output
    served = make_host("b").test_client().get(f"/media/events/{name}")
    assert (served.status_code, served.data) == (200, jpeg())
    again = app.test_cli_runner().invoke(args=["media", "import-files"])
    assert "0 afbeelding(en) gekopieerd, 1 stonden er al" in again.output
    (folder / name).unlink()
