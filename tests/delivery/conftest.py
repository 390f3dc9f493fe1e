from tests.notifications.conftest import notifiable  # noqa: F401 - a fixture
