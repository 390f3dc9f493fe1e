"""The proposal: from the affected systems, through the activities using them, to breach facts — pure
functions over plain data."""

from inventory.proposals import ActivityData, ClientData, ProcessorData, SystemData, propose

SHOPIFY = ProcessorData(1, "Shopify", "IE")
ZENDESK = ProcessorData(2, "Zendesk", "US")
POSTNL = ProcessorData(3, "PostNL", "NL")
WEBSHOP = SystemData(
    10, "Webshop DB", "state_of_the_art", "state_of_the_art", "recent", hosting_processor=SHOPIFY
)
MAILBOX = SystemData(11, "Mailbox", "weak", "none", "outdated")
LAPTOP = SystemData(12, "Laptop", "none", "weak", "none")

ORDERS = ActivityData(
    100,
    "Orders",
    frozenset({10}),
    ("contact", "basic", "financial"),
    ("customers",),
    12000,
    processors=(SHOPIFY, POSTNL),
)
NEWSLETTER = ActivityData(
    101, "Newsletter", frozenset({10}), ("contact", "behavioural"), ("subscribers",), 8000
)
SUPPORT = ActivityData(
    102,
    "Support",
    frozenset({11}),
    ("basic", "health"),
    ("customers", "patients"),
    None,
    processors=(ZENDESK,),
)
UNRELATED = ActivityData(103, "Payroll", frozenset({99}), ("financial", "national_id"), ("employees",), 40)


def by_path(facts):
    return {fact.path: fact for fact in facts}


def test_nothing_is_proposed_without_affected_systems():
    assert propose([], [ORDERS], our_role="controller") == []


def test_categories_are_the_union_over_the_activities_using_the_systems_in_vocabulary_order():
    facts = by_path(
        propose([WEBSHOP, MAILBOX], [ORDERS, NEWSLETTER, SUPPORT, UNRELATED], our_role="controller")
    )
    assert facts["data_categories"].value == ["basic", "contact", "financial", "behavioural", "health"]
    assert facts["subject_categories"].value == ["customers", "subscribers", "patients"]
    assert "national_id" not in facts["data_categories"].value  # payroll runs elsewhere


def test_the_source_names_the_systems_and_their_activities():
    facts = by_path(propose([WEBSHOP], [ORDERS, NEWSLETTER], our_role="controller"))
    assert facts["data_categories"].source == "from systems: Webshop DB (activities: Orders, Newsletter)"


def test_the_number_of_people_is_the_sum_and_says_it_is_an_upper_bound():
    facts = by_path(propose([WEBSHOP, MAILBOX], [ORDERS, NEWSLETTER, SUPPORT], our_role="controller"))
    count = facts["subjects_count"]
    assert count.value == 20000  # Support has no count: it adds nothing, and is not guessed
    assert "upper bound" in count.source and "Orders (12,000)" in count.source


def test_no_count_is_proposed_when_no_activity_has_one():
    assert "subjects_count" not in by_path(propose([MAILBOX], [SUPPORT], our_role="controller"))


def test_protection_is_the_weakest_among_the_affected_systems():
    facts = by_path(propose([WEBSHOP, MAILBOX, LAPTOP], [], our_role="controller"))
    assert facts["protection.encryption"].value == "none"
    assert facts["protection.hashing"].value == "none"
    assert facts["protection.backup"].value == "none"
    assert facts["protection.encryption"].source.startswith("the weakest among the affected systems: Laptop")
    two = by_path(propose([WEBSHOP, MAILBOX], [], our_role="controller"))
    assert (two["protection.encryption"].value, two["protection.hashing"].value) == ("weak", "none")
    assert two["protection.backup"].value == "outdated"


def test_protection_of_one_system_is_its_own():
    facts = by_path(propose([WEBSHOP], [], our_role="controller"))
    assert {p: facts[f"protection.{p}"].value for p in ("encryption", "hashing", "backup")} == {
        "encryption": "state_of_the_art",
        "hashing": "state_of_the_art",
        "backup": "recent",
    }


def test_processors_of_the_activities_and_the_hosting_with_their_country():
    facts = by_path(propose([WEBSHOP, MAILBOX], [ORDERS, SUPPORT], our_role="controller"))
    assert facts["processors"].value == [
        {"id": 3, "name": "PostNL", "country": "NL", "role": "processor", "parent": None},
        {"id": 1, "name": "Shopify", "country": "IE", "role": "processor", "parent": None},
        {"id": 2, "name": "Zendesk", "country": "US", "role": "processor", "parent": None},
    ]
    assert "Shopify hosts Webshop DB" in facts["processors"].source


def test_the_sub_processors_of_the_processors_involved_are_proposed_too():
    gcp = ProcessorData(4, "Google Cloud", "US", "sub_processor", parent="Shopify")
    shopify = ProcessorData(1, "Shopify", "IE", sub_processors=(gcp,))
    webshop = SystemData(10, "Webshop DB", "weak", "weak", "recent", hosting_processor=shopify)
    facts = by_path(propose([webshop], [], our_role="controller"))
    assert [(p["name"], p["role"], p["parent"]) for p in facts["processors"].value] == [
        ("Google Cloud", "sub_processor", "Shopify"),
        ("Shopify", "processor", None),
    ]
    assert "Google Cloud is a sub-processor of Shopify" in facts["processors"].source


def test_client_organisations_are_proposed_only_when_we_are_the_processor():
    bakery, dentist = ClientData(7, "Bakkerij van Dam"), ClientData(8, "Tandartspraktijk Zuid")
    hosting = ActivityData(
        200, "Hosting", frozenset({10}), ("basic",), ("customers",), 10, clients=(dentist, bakery)
    )
    as_processor = by_path(propose([WEBSHOP], [hosting], our_role="processor"))
    assert as_processor["client_organisations"].value == [
        {"id": 7, "name": "Bakkerij van Dam"},
        {"id": 8, "name": "Tandartspraktijk Zuid"},
    ]
    assert "client_organisations" not in by_path(propose([WEBSHOP], [hosting], our_role="controller"))


def test_an_activity_without_categories_adds_none():
    empty = ActivityData(300, "Logging", frozenset({11}))
    facts = by_path(propose([MAILBOX], [empty], our_role="controller"))
    assert "data_categories" not in facts and "subject_categories" not in facts
    assert "protection.encryption" in facts
