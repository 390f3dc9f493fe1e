"""Obligations to report an incident under each regime (GDPR, NIS2, DORA, eIDAS, ePrivacy, CRA) — issue 18.
The pure core is `obligations.rules`."""
