"""MEDIA_URL (CONTRACT.md): empty keeps images in the database; anything but a usable
s3://bucket?endpoint=… URL stops the app with one Dutch sentence, without echoing secrets."""

import pytest

import config


@pytest.mark.parametrize("value", [
    "", "s3://stem-media", "s3://stem-media/images?endpoint=https://s3.example.be",
    "s3://stem-media?endpoint=http://127.0.0.1:9000&region=eu-west-1",
])
def test_a_valid_media_url_is_kept(monkeypatch, value):
    monkeypatch.setenv("MEDIA_URL", value)
    assert config.TestingConfig().MEDIA_URL == value


@pytest.mark.parametrize("value", [
    "https://s3.example.be/stem-media", "s3://", "s3://Stem_Media", "file:///srv/media",
    "s3://stem-media?endpoint=s3.example.be", "s3://stem-media?bucket=x",
    "s3://key:geheim123@stem-media?endpoint=https://s3.example.be",
])
def test_a_bad_media_url_is_one_dutch_sentence(monkeypatch, value):
    monkeypatch.setenv("MEDIA_URL", value)
    with pytest.raises(config.ConfigError, match="MEDIA_URL .* is ongeldig: gebruik s3://") as err:
        config.TestingConfig()
    assert "geheim123" not in str(err.value)
