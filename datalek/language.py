"""The language switcher's endpoint: Django's ``set_language``, refusing a language we do not offer.

Django's own view accepts any language it has a catalogue for (German, say) and stores it, after which every
page silently falls back to English; here such a request is answered 400, naming the choices, and changes
nothing."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("language", "")
    offered = [language for language, _name in settings.LANGUAGES]
    if code not in offered:
        message = _("Unknown language “%(code)s”; choose one of: %(codes)s.") % {
            "code": code,
            "codes": ", ".join(offered),
        }
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return django_set_language(request)
