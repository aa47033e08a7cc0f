"""The ITMO ledger: issuing monitored periods as serial blocks, moving and splitting them,
the hash chain over every ledger row, post-issuance adjustments, the Article 6.2 reports,
and `ledger verify`.
"""
