"""Everything qoncha sends goes through the outbox: rows are queued by the use cases, claimed
and delivered per channel (SMS, Telegram, e-mail), screened (opt-outs, invalid numbers,
blocked chats, revoked staff), sent under the one delivery policy the composition root
builds (rate limits, bulk-SMS hours, leases, deadlines; `policy.py`), each provider drained
on its own, and inspected or retried by operators. The pure rules (windows, pacing,
payloads, SMTP URLs) sit beside the use cases.
"""
