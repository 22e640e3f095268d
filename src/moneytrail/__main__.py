"""``python -m moneytrail`` runs the command-line interface."""

from moneytrail.cli import app

app(prog_name="moneytrail")
