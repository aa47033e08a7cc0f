"""qoncha's domain: models, protocol, methodology and services; knows nothing of Flask, Twilio or Telegram."""
