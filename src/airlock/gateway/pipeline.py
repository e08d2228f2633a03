"""The hot path of one API request, one stage per function:

read -> authenticate -> parse -> route -> authorize -> limit -> scan -> sanitize per
destination -> forward (with fallbacks) -> rehydrate (streams too) -> meter, audit.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from airlock.detect import Finding, Vault, mask, redact
from airlock.gateway.audit import AuditEvent
from airlock.gateway.errors import GatewayError, bad_request, describe
from airlock.gateway.http import Message, Receive, Scope, Send, header, read_body, send_bytes
from airlock.gateway.identity import Principal, authenticate
from airlock.gateway.limits import Check
from airlock.gateway.metering import Usage, cost, estimate_tokens
from airlock.gateway.providers import Call, Reply, UpstreamFailure
from airlock.gateway.routes.base import Api, Slot, json_escaped, rehydrate_slot
from airlock.gateway.streaming import relay
from airlock.policy import Destination, Outcome, Policy, sanitize
from airlock.policy.model import Action

if TYPE_CHECKING:
    from airlock.gateway.app import Gateway

log = logging.getLogger("airlock.gateway")
_PASS_HEADERS = (b"anthropic-version", b"anthropic-beta")


_PROCESS = secrets.token_hex(6)
_COUNTER = itertools.count(1)


def _request_id() -> str:
    """Unique across processes (random prefix) and cheap (a counter): 28 hex digits."""
    return f"{_PROCESS}{next(_COUNTER):016x}"


class Request:
    """What the stages of one request share."""

    def __init__(self, gw: Gateway, api: Api, scope: Scope) -> None:
        self.gw, self.api, self.scope = gw, api, scope
        self.started = time.perf_counter()
        self.event = AuditEvent(_request_id(), datetime.now(UTC), api.name, model="")
        self.principal: Principal | None = None
        self.outcome = Outcome()
        self.vault = Vault()
        self.usage: Usage | None = None
        self.prompt_chars = 0
        self.raw = b""


async def handle(gw: Gateway, api: Api, scope: Scope, receive: Receive, send: Send) -> None:
    req = Request(gw, api, scope)
    started = False

    async def tracked(message: Message) -> None:
        nonlocal started
        started = started or message["type"] == "http.response.start"
        await send(message)

    try:
        await _serve(req, receive, tracked)
    except GatewayError as err:
        await _refuse(req, err, tracked, started)
    except Exception as exc:
        # A bug must not leak a stack trace nor an upstream detail, nor log a value.
        log.error("request %s failed: %s", req.event.request_id, describe(exc))
        bug = GatewayError("internal", f"internal error (request {req.event.request_id})")
        await _refuse(req, bug, tracked, started)
    finally:
        await _record(req)


async def _refuse(req: Request, err: GatewayError, send: Send, started: bool) -> None:
    req.event.status = err.status
    if req.event.decision == "allowed":
        req.event.decision = "error"
    req.event.reason = req.event.reason or err.message
    if not started:
        await send_bytes(send, err.status, req.api.error_body(err), extra=_rid(req))


def _rid(req: Request) -> list[tuple[bytes, bytes]]:
    return [(b"x-request-id", req.event.request_id.encode())]


async def _serve(req: Request, receive: Receive, send: Send) -> None:
    gw, api, event = req.gw, req.api, req.event
    req.raw = await read_body(receive, gw.config.max_request_bytes)
    principal = req.principal = authenticate(
        req.scope, gw.keys, gw.config.identity, gw.config.require_keys
    )
    event.key_id, event.user, event.team = principal.key_id, principal.user, principal.team
    event.role, event.initiative = principal.role, principal.initiative
    body = _parse(req.raw)
    model = event.model = api.validate(body)
    stream = event.stream = api.streams and bool(body.get("stream"))
    resolved = gw.router.resolve(model)
    policy = gw.policy.current
    _authorize(req, policy, principal, model)
    targets = [t for t in resolved if api.name in t.provider.apis]
    if not targets:
        # No translation between dialects yet: say so rather than fail upstream.
        raise bad_request(f"model {model!r} is not available through {api.path}", "unsupported_api")
    await _admit(req, policy, principal)
    slots = api.texts(body)
    originals = [slot.get() for slot in slots]
    req.prompt_chars = sum(map(len, originals))
    if req.prompt_chars > gw.config.max_text_chars:
        raise GatewayError("too_large", f"prompt exceeds {gw.config.max_text_chars} characters")
    findings = _scan(req, originals)
    editor = api.editor(None, body) if stream else None
    passed = {k.decode(): v for k in _PASS_HEADERS if (v := header(req.scope, k))}
    failure: UpstreamFailure | None = None
    for target in targets:
        provider = target.provider
        dest = Destination(provider.name, provider.tags)
        _sanitize(req, policy=policy, dest=dest, texts=(slots, originals, findings))
        body["model"] = target.model
        api.prepare(body)
        event.provider, event.upstream_model = provider.name, target.model
        sent = time.perf_counter()
        try:
            reply = await provider.send(Call(api.name, body, stream, passed))
        except orjson.JSONEncodeError:
            # orjson reads 1024 levels of nesting but writes only 255: refused, not sent.
            raise bad_request("the request nests deeper than 255 levels") from None
        except UpstreamFailure as exc:
            failure = exc
            gw.metrics.inc("airlock_upstream_failures_total", (("provider", provider.name),))
            if exc.retryable:
                continue
            break
        event.upstream_ms = (time.perf_counter() - sent) * 1000
        gw.metrics.observe(
            "airlock_upstream_seconds", (("provider", provider.name),), event.upstream_ms / 1000
        )
        if editor is not None and reply.events is not None:
            editor.vault = req.vault if reply.rehydrate else None
            await relay(req, reply, editor, send)
        else:
            await _answer(req, reply, send)
        return
    assert failure is not None
    kind = "timeout" if failure.status == 504 else "upstream"
    if failure.status == 400:
        kind = "bad_request"
    raise GatewayError(kind, _scrubbed(req, failure.message), code="upstream_error")


def _scrubbed(req: Request, message: str) -> str:
    """An upstream's error message with detected values redacted: upstreams echo prompts
    ("Invalid value: ..."), which may hold what the policy allowed to that destination,
    and the message goes to the audit trail and the logs."""
    try:
        found = [f for f in req.gw.engine.scan(message) if f.scope == "span"]
    except Exception:
        return "upstream error (message withheld: it could not be scanned)"
    return redact(message, found) if found else message


def _parse(raw: bytes) -> Any:
    if not raw:
        raise bad_request("the request body is empty; send a JSON object")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise bad_request(f"malformed JSON: {exc.msg} at position {exc.pos}") from None


def _authorize(req: Request, policy: Policy, principal: Principal, model: str) -> None:
    role = principal.role or policy.model.default_role
    if not policy.role_exists(role):
        req.event.decision = "denied"
        raise GatewayError("denied", f"role {role!r} is not defined in the policy", code="policy")
    if not policy.model_allowed(role, model) or (
        principal.key is not None and not principal.key.model_allowed(model)
    ):
        req.event.decision = "denied"
        raise GatewayError(
            "denied", f"model {model!r} is not allowed for role {role!r}", code="model_not_allowed"
        )


def _checks(policy: Policy, principal: Principal) -> list[Check]:
    checks: list[Check] = []
    key = principal.key
    if key is not None:
        default = policy.key_default_limit
        budget = (
            key.budget_usd_month if key.budget_usd_month is not None else default.budget_usd_month
        )
        rpm = key.rpm if key.rpm is not None else default.rpm
        if budget is not None or rpm is not None:
            checks.append(Check(f"key:{key.key_id}", rpm, budget))
    team = policy.team_limit(principal.team)
    if team is not None and (team.rpm is not None or team.budget_usd_month is not None):
        checks.append(Check(f"team:{principal.team}", team.rpm, team.budget_usd_month))
    return checks


async def _admit(req: Request, policy: Policy, principal: Principal) -> None:
    reason = await req.gw.limiter.admit(_checks(policy, principal))
    if reason is not None:
        req.event.decision = "limited"
        req.event.reason = reason
        code = "budget_exceeded" if "budget" in reason else "rate_limit_exceeded"
        raise GatewayError("rate_limit", reason, code=code)


def _scan(req: Request, texts: list[str]) -> list[tuple[Finding, ...]]:
    scanner = req.gw.scanner
    try:
        return [scanner.scan(text) if text else () for text in texts]
    except Exception as exc:
        # Fail closed: a request that could not be scanned is not forwarded.
        log.error("scan failed (request %s): %s", req.event.request_id, describe(exc))
        req.event.decision = "error"
        raise GatewayError(
            "internal", "the request could not be scanned; nothing was sent", code="scan_failed"
        ) from None


def _sanitize(
    req: Request,
    *,
    policy: Policy,
    dest: Destination,
    texts: tuple[list[Slot], list[str], list[tuple[Finding, ...]]],
) -> None:
    slots, originals, findings = texts
    outcome = Outcome()
    try:
        for slot, original, found in zip(slots, originals, findings, strict=True):
            text = original
            if found:
                text = sanitize(
                    text, found, policy=policy, dest=dest, vault=req.vault, outcome=outcome
                )
            slot.set(text)
    except Exception as exc:
        log.error("policy failed (request %s): %s", req.event.request_id, describe(exc))
        req.event.decision = "error"
        raise GatewayError(
            "internal", "the policy could not be applied; nothing was sent", code="policy_failed"
        ) from None
    req.outcome = outcome
    if outcome.blocked:
        req.event.decision = "blocked"
        reasons = sorted(set(outcome.blocked))
        more = f" (+{len(reasons) - 3} more)" if len(reasons) > 3 else ""
        raise GatewayError(
            "denied",
            f"blocked by policy: {', '.join(reasons[:3])}{more} may not be sent to {dest.provider}",
            code="policy_blocked",
        )


async def _answer(req: Request, reply: Reply, send: Send) -> None:
    body = reply.body or {}
    api = req.api
    req.usage = api.usage(body)
    slots = api.answer_texts(body)
    scan_answer(req, [s.get() for s in slots], slots)
    if reply.rehydrate and len(req.vault):
        escaped: list[Vault] = []

        def json_vault() -> Vault:  # built once, and only for tool-call arguments
            if not escaped:
                escaped.append(json_escaped(req.vault))
            return escaped[0]

        for slot in slots:
            rehydrate_slot(slot, req.vault, json_vault)
    if req.usage is None:
        out = sum(len(s.get()) for s in slots)
        req.usage = Usage(estimate_tokens(req.prompt_chars), estimate_tokens(out), estimated=True)
    await send_bytes(send, 200, orjson.dumps(body), extra=_rid(req))


def scan_answer(req: Request, texts: list[str], slots: list[Slot] | None) -> None:
    """Scan the model's answer (before rehydration: the user's own values are tokens there).

    Findings are counted as `answer:ENTITY`; with `responses.action` redact or mask and
    `slots` given (a whole answer), they are removed too.
    """
    rules = req.gw.policy.current.model.responses
    if not rules.scan:
        return
    action = rules.action
    for i, text in enumerate(texts):
        found = [f for f in req.gw.engine.scan(text) if f.scope == "span"] if text else []
        for f in found:
            req.outcome.entities[f"answer:{f.entity}"] += 1
            req.outcome.actions[f"answer:{f.entity}:{action}"] += 1
        if found and slots is not None and action is not Action.allow:
            slots[i].set(redact(text, found) if action is Action.redact else mask(text, found))


async def _record(req: Request) -> None:
    gw, event = req.gw, req.event
    elapsed = time.perf_counter() - req.started
    event.latency_ms = elapsed * 1000
    event.entities = dict(req.outcome.entities)
    event.actions = dict(req.outcome.actions)
    usage = req.usage or Usage()
    event.prompt_tokens, event.completion_tokens = usage.prompt_tokens, usage.completion_tokens
    event.tokens_estimated = usage.estimated
    event.cost_usd = cost(usage, gw.config.prices, event.upstream_model or "", event.model)
    principal = req.principal
    if event.cost_usd and principal is not None:
        scopes = [f"key:{principal.key_id}"] if principal.key_id else []
        if principal.team:
            scopes.append(f"team:{principal.team}")
        await gw.limiter.charge(scopes, event.cost_usd)
    gw.observe(event, elapsed)
    if gw.audit is not None:
        sealed = None
        if gw.sealer is not None and req.raw and event.decision != "error":
            sealed = gw.sealer.seal(req.raw)
        gw.audit.add(event, sealed)
    if log.isEnabledFor(logging.INFO):
        log.info(
            "request",
            extra={
                "fields": {
                    "request_id": event.request_id,
                    "api": event.api,
                    "model": event.model,
                    "provider": event.provider,
                    "key_id": event.key_id,
                    "team": event.team,
                    "status": event.status,
                    "decision": event.decision,
                    "entities": event.entities,
                    "latency_ms": round(event.latency_ms, 3),
                }
            },
        )
