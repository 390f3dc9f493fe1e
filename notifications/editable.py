"""What a person may write into a notice before approval: the services check an edit against these, the forms offer
them."""

# Free-text answers of authority and controller notices a person may write or correct before approval.
EDITABLE_ANSWERS = (
    "breach.description",
    "breach.systems",
    "measures_after.containment_measures",
    "measures_after.containment_plan",
    "measures_after.mitigation",
    "data.records",
)
TEXT_FIELDS = ("subject", "title", "what_happened", "data", "consequences", "measures", "advice", "contact")
