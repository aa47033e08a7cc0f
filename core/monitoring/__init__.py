"""Reading the programme back: the monitoring report, what the 90/10 rule costs a period
(the shortfall against U = p), the verification sample and where it stands, the
coordinator's weekly digest (built and queued), and exports for auditors.
"""
