"""The languages a notice, a letter or an alert is written in (the people's, the client's, the authority's): one
list for every app that stores or offers one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))]
