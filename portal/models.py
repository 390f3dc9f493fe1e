"""The controller portal: what our controller clients see of the alerts we send them as their processor."""
