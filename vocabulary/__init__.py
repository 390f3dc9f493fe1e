"""The breach vocabulary at the bottom of the house: the codes and their translated labels (``codes``) and the
message library every sentence of the engine, the inventory and the documents is built from (``messages``).
No Django app, no database: the engine, the inventory, the forms, the notices and the documents all import it."""
