"""relmanager: keep friends and business contacts apart.

The app's identity lives here, in one place, so the CLI, the window title, the
data directory and the desktop files cannot drift apart.
"""

__version__ = "0.1.0"

APP_NAME = "relmanager"
APP_DISPLAY_NAME = "relmanager"
ORG_NAME = "relmanager"
APP_ID = "org.relmanager.RelManager"
