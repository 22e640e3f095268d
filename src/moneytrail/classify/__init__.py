"""Classifiers over the warehouse's free text: spending purposes (``purpose``)."""
