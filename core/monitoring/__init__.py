"""Reading the programme back: the monitoring report, the verification sample and where it
stands, the coordinator's weekly digest (built and queued), and exports for auditors.
"""
