"""Safe server defaults in .streamlit/config.toml, every option one Streamlit 1.67 knows."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit import config

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / ".streamlit" / "config.toml"


def options() -> dict[str, object]:
    data = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return {
        f"{section}.{key}": value for section, keys in data.items() for key, value in keys.items()
    }


def test_every_option_is_one_streamlit_knows():
    known = config._config_options_template
    assert [name for name in options() if name not in known] == []


def test_safe_defaults_for_readers():
    found = options()
    assert found["server.address"] == "127.0.0.1"  # loopback, not every interface
    assert found["client.showErrorDetails"] == "none"  # no traceback, type or message
    assert found["client.showErrorLinks"] is False
    assert found["client.toolbarMode"] == "viewer"
    assert found["server.enableXsrfProtection"] is True
    assert found["server.enableCORS"] is True
    assert found["server.maxUploadSize"] == 1  # the app has no upload
    assert found["server.runOnSave"] is False
    assert found["server.fileWatcherType"] == "none"
    assert found["server.enableStaticServing"] is False
    assert found["browser.gatherUsageStats"] is False


def test_show_error_details_is_a_value_streamlit_accepts():
    description = config._config_options_template["client.showErrorDetails"].description
    assert '"none"' in description


def test_tables_offer_no_unneutralised_csv_download():
    """Streamlit's table toolbar writes its CSV in the browser, formulas and all; it is left
    out, and our own downloads (tracker.safe_csv) serve the data."""
    assert options()["client.disableDataExport"] is True
    description = config._config_options_template["client.disableDataExport"].description
    assert "CSV download button for st.dataframe" in description
