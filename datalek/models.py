"""The project's own table: tasks that could not be handed to the broker (see ``datalek.task_queue``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeferredTask(models.Model):
    """A task kept while the broker was unreachable; beat hands it over once the broker is back. Only the task's
    name and its keyword arguments (ids) are kept, never personal data."""

    name = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created_at = models.DateTimeField(_("kept since"))
    attempts = models.PositiveIntegerField(_("hand-over attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("deferred task")
        verbose_name_plural = _("deferred tasks")

    def __str__(self) -> str:
        return f"{self.name} {self.kwargs}"
