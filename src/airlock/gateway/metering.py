"""Token usage and cost: from the upstream's usage when given, estimated otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from airlock.gateway.config import Price


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = False


def estimate_tokens(chars: int) -> int:
    """About four characters a token for English text: used only when no usage came back."""
    return (chars + 3) // 4


def cost(usage: Usage, prices: dict[str, Price], *names: str) -> float:
    """USD for `usage` at the first of `names` (upstream model, client model) with a price."""
    for name in names:
        price = prices.get(name)
        if price is not None:
            return (
                usage.prompt_tokens * price.input + usage.completion_tokens * price.output
            ) / 1e6
    return 0.0
