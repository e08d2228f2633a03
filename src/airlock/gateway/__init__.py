"""The governed AI gateway: OpenAI- and Anthropic-compatible, policy on every text part.

Entry point: `airlock.gateway.app.build_app`. Reference: docs/gateway.md.
"""
