from django.contrib import admin

from delivery.models import Delivery, Reminder
from incidents.admin import ReadOnlyAdmin


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["notice", "channel", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["incident", "key", "created_at", "sent_at"]
