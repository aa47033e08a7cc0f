"""Spreadsheets in: households and stoves, verification visits and KPT measurements, each row
checked before any is written, and the rule for evidence that falls into an issued period.
"""
