"""qoncha's domain: models, protocol, methodology and services.

It knows nothing of Flask, Twilio or Telegram; the adapters in gateway/ and bot/ call it.
"""
