"""A small inventory for tests, arranged through the services as the DPO would enter it: a web shop database
and a support mailbox, three activities, two processors (one a sub-processor outside the EEA)."""

from __future__ import annotations

from dataclasses import dataclass

from incidents.models import Organisation, User
from inventory import services
from inventory.models import ProcessingActivity, Processor, System


@dataclass
class Inventory:
    shopify: Processor
    gcp: Processor
    zendesk: Processor
    webshop: System
    mailbox: System
    orders: ProcessingActivity
    newsletter: ProcessingActivity
    support: ProcessingActivity


def add(dpo: User, organisation: Organisation, model, **values):
    return services.record_create(actor=dpo, organisation=organisation, model=model, values=values)


def make_inventory(dpo: User, organisation: Organisation) -> Inventory:
    shopify = add(dpo, organisation, Processor, name="Shopify", country="IE", contact="privacy@shopify.com")
    gcp = add(
        dpo, organisation, Processor, name="Google Cloud", country="US", role="sub_processor", parent=shopify
    )
    zendesk = add(dpo, organisation, Processor, name="Zendesk", country="IE")
    webshop = add(
        dpo,
        organisation,
        System,
        name="Webshop DB",
        country="IE",
        hosting_processor=shopify,
        encryption="state_of_the_art",
        hashing="state_of_the_art",
        backup="recent",
    )
    mailbox = add(
        dpo,
        organisation,
        System,
        name="Support mailbox",
        country="NL",
        encryption="weak",
        hashing="none",
        backup="outdated",
    )
    orders = add(
        dpo,
        organisation,
        ProcessingActivity,
        name="Orders",
        purpose="Deliver what customers ordered.",
        legal_basis="contract",
        data_categories=["basic", "contact", "financial"],
        subject_categories=["customers"],
        subjects_count=12000,
        retention="7 years (tax law)",
        systems=[webshop],
        processors=[shopify],
    )
    newsletter = add(
        dpo,
        organisation,
        ProcessingActivity,
        name="Newsletter",
        purpose="Send the newsletter to those who asked for it.",
        legal_basis="consent",
        data_categories=["contact", "behavioural"],
        subject_categories=["subscribers"],
        subjects_count=8000,
        systems=[webshop],
    )
    support = add(
        dpo,
        organisation,
        ProcessingActivity,
        name="Customer service",
        purpose="Answer questions.",
        legal_basis="contract",
        data_categories=["basic", "contact"],
        subject_categories=["customers"],
        subjects_count=3000,
        systems=[mailbox],
        processors=[zendesk],
    )
    return Inventory(shopify, gcp, zendesk, webshop, mailbox, orders, newsletter, support)
