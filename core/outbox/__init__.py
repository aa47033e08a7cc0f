"""Everything qoncha sends goes through the outbox: rows are queued by the use cases, claimed
and delivered per channel (SMS, Telegram, e-mail), screened (opt-outs, invalid numbers,
blocked chats), paced by rate limits and the bulk-SMS hours, and inspected or retried by
operators. The pure rules (windows, pacing, payloads, SMTP URLs) sit beside the use cases.
"""
