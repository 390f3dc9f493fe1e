"""Sign-in with the organisation's identity provider (OpenID Connect, mozilla-django-oidc), switched on by
``OIDC_ENABLED``.

A package of its own because it is optional: with ``OIDC_ENABLED`` off nothing here but ``config`` is ever imported
(datalek/settings.py reads the variables only when it is on), the library is not loaded, no URL exists and the
login page is the password form alone. The README's "Sign-in with your identity provider" says how to set it up.

- ``config``: the environment read into settings, checked at start-up (fails loudly);
- ``provider``: the provider's endpoints, explicit or from its discovery document (fetched on first use, not at
  start-up);
- ``claims``: pure readings of the claims (verified e-mail, a second factor at the provider, the roles, a username);
- ``backend``: the authentication backend — the ID token checked, the user matched or created, the roles applied;
- ``services``: the writes (a new user, the memberships from the roles claim);
- ``views``, ``urls``, ``middleware``: the button's start, the callback, the "ask your administrator" page, and the
  second factor the provider vouched for carried on the request's user.
"""
