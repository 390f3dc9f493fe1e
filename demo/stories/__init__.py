"""One story per demo incident: each module names its incident's data (``INCIDENT``, from ``demo.data``) and
``tell(cast)`` walks it through the services to the state the demo shows. A story with ``follow_up(cast,
incident)`` has steps that are taken on every run, each only when it has not been taken yet (so a database seeded
by an earlier version of the demo gets them too). ``demo.seeding`` tells them in order."""
