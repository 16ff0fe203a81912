"""Conversation logic, independent of any chat platform: Incoming in, Reply list out."""
