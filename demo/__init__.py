"""The demo: data (``demo.data``), builders that turn it into rows, and one story per demo incident
(``demo/stories``) that walks it through the real services. At the top of the house: it may import every app, and
nothing imports it."""
